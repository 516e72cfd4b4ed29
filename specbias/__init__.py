"""specbias: symbolic and numeric checks of the activation-specific spectral bias of shallow networks.

``import specbias as sb`` gives the public functions (the SymPy-heavy modules load on first use)::

    sb.transform("sigmoid")                       # σ̂, exact, with its derivation steps
    sb.spectral_weight("t/(1+exp(-t))", dim=3)     # W_σ,3(ω) = ω²/|σ̂(ω)|²
    sb.numeric_transform("gelu", [0.5, 1.0])       # σ̂ from the definition of σ only
    sb.seminorm(g, "relu", dim=2, route="all")    # ‖g‖²_σ by each numeric route
    sb.radon(f, directions, offsets)               # hyperplane Radon transform
    sb.verify("elu", dim=(1, 2, 3))                # exact against numeric: Comparison records

An activation is a catalogue name, an expression string, a SymPy expression or an
:class:`Activation`; parameters go in ``params={...}``; dimensions in ``dim``; Fourier conventions
in ``convention``.

Subpackages (one import namespace):

* :mod:`specbias.core`: what both sides share (activations, conventions, errors, validation,
  records, LaTeX rendering);
* :mod:`specbias.theory`: the exact side (SymPy);
* :mod:`specbias.numerics`: the independent numeric side (NumPy, SciPy, mpmath);
* :mod:`specbias.derivations`: the CLI and the main job (``specbias build``).
"""

from specbias.core.errors import (
    ActivationError,
    ConventionError,
    DegenerateSeminorm,
    DimensionError,
    DivergentSeminorm,
    FreeVariableError,
    InputError,
    NoClosedForm,
    NotReal,
    NotTempered,
    NumericError,
    ParameterError,
    ParseError,
    SpecbiasError,
    UnknownActivation,
)

__version__ = "0.2.0"

#: Public name -> the module that defines it (imported on first use: ``import specbias`` stays light).
_LAZY = {
    "transform": "specbias.api",
    "spectral_weight": "specbias.api",
    "numeric_transform": "specbias.api",
    "seminorm": "specbias.api",
    "radon": "specbias.api",
    "verify": "specbias.api",
    "as_activation": "specbias.api",
    "SEMINORM_ROUTES": "specbias.api",
    "Activation": "specbias.core.activations",
    "catalogue_names": "specbias.core.activations",
    "get_convention": "specbias.core.conventions",
    "FourierConvention": "specbias.core.conventions",
    "Comparison": "specbias.core.records",
    "ComparisonTable": "specbias.core.records",
    "DerivationStep": "specbias.core.records",
    "GaussianMixture": "specbias.numerics.seminorm",
}

__all__ = sorted(list(_LAZY) + [
    "__version__",
    "SpecbiasError", "ActivationError", "UnknownActivation", "ParseError", "FreeVariableError",
    "ParameterError", "NotTempered", "NotReal", "ConventionError", "NoClosedForm", "NumericError",
    "InputError", "DimensionError", "DegenerateSeminorm", "DivergentSeminorm",
])


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'specbias' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
