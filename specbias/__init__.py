"""specbias: symbolic and numeric checks of the activation-specific spectral bias of shallow networks.

Subpackages (one import namespace):

* :mod:`specbias.core`: what both sides share (activations, conventions, errors, validation, records);
* :mod:`specbias.theory`: the exact side (SymPy);
* :mod:`specbias.numerics`: the independent numeric side (NumPy, SciPy, mpmath);
* :mod:`specbias.derivations`: the CLI and the main job (``specbias build``).
"""

__version__ = "0.2.0"
