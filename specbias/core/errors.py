"""Typed errors shared by every layer of specbias.

Every error a user can provoke with bad input derives from :class:`SpecbiasError`.
The CLI turns these into a one-line message on stderr and exit code 2.
"""

from __future__ import annotations


class SpecbiasError(Exception):
    """Base class for every error caused by the user's input or by a limit of the method."""


class ActivationError(SpecbiasError, ValueError):
    """An activation could not be built from the user's input."""


class UnknownActivation(ActivationError, KeyError):
    """The name is not in the catalogue and does not parse as an expression."""

    def __str__(self) -> str:  # KeyError quotes its message otherwise
        return str(self.args[0]) if self.args else "unknown activation"


class ParseError(ActivationError):
    """The string does not parse as a SymPy expression."""


class FreeVariableError(ActivationError):
    """The expression does not have exactly one free variable."""


class ParameterError(ActivationError):
    """A parameter is unknown or outside its domain."""


class NotTempered(ActivationError):
    """The activation grows faster than any polynomial, so it has no Fourier transform
    even as a tempered distribution."""


class NotReal(ActivationError):
    """The activation is not real-valued."""


class ConventionError(SpecbiasError, ValueError):
    """A Fourier convention could not be parsed."""


class NoClosedForm(SpecbiasError):
    """The transform engine could not reach a closed form; ``step`` names where it got stuck."""

    def __init__(self, message: str, step: str = ""):
        super().__init__(message)
        self.step = step

    def __str__(self) -> str:
        msg = self.args[0]
        return f"{msg} (stuck at: {self.step})" if self.step else msg


class NumericError(SpecbiasError):
    """A numeric route could not deliver a result of the requested accuracy."""


class InputError(SpecbiasError, ValueError):
    """Numeric input (arrays, dimensions, shapes, NaN) is invalid."""


class DimensionError(InputError):
    """A dimension is out of range."""


class DegenerateSeminorm(SpecbiasError):
    """The spectral weight is not defined (for instance, σ̂ vanishes on a set)."""


class DivergentSeminorm(SpecbiasError):
    """The seminorm of the given function is infinite."""


class Timeout(SpecbiasError):
    """A computation exceeded its time budget; ``step`` names the step that was running."""

    def __init__(self, message: str, step: str = ""):
        super().__init__(message)
        self.step = step


class VerificationFailed(SpecbiasError):
    """A derived result failed its own numeric verification; ``record`` is the verification
    record (routes, error, tolerance, points) and ``result`` the rejected result."""

    def __init__(self, message: str, record: dict | None = None, result=None):
        super().__init__(message)
        self.record = record or {}
        self.result = result
