"""specbias.derivations: the main job (``specbias build``), the CLI and generated documents."""
