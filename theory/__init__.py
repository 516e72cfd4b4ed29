"""specbias.theory: exact (SymPy) side of specbias.

Conventions, activation catalogue, generalized Fourier transforms, Radon transforms, the
activation-specific spectral seminorm, the Radon-spline reparameterization and LaTeX output.
"""

from specbias.core.conventions import ANGULAR, FourierConvention, get_convention  # noqa: F401
from specbias.core.activations import CATALOGUE, T, get_activation, parse_activation, resolve_activation  # noqa: F401
