"""specbias.core: the layer that both :mod:`specbias.theory` and :mod:`specbias.numerics` build on.

Activations (catalogue and parser), Fourier conventions (the (a, b) pair), typed errors, input
validation and result records.  Nothing here derives or evaluates a transform.
"""
