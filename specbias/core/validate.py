"""Input validation shared by every layer: dimensions, positive numbers, finite arrays."""

from __future__ import annotations

from specbias.core.errors import InputError

__all__ = ["as_finite_array", "check_dim", "check_positive"]


def as_finite_array(a, name: str, ndim: int | None = None) -> "numpy.ndarray":
    """``a`` as a float64 array; InputError if it is not numeric, has the wrong number of
    dimensions, or contains NaN or infinite values."""
    import numpy as np  # local: the SymPy-only theory side imports check_dim from here

    try:
        arr = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be a real numeric array: {exc}") from None
    if ndim is not None and arr.ndim != ndim:
        raise InputError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} contains NaN or infinite values")
    return arr


def check_dim(d, lo: int = 1, hi: int | None = None, what: str = "dimension") -> int:
    """``d`` as an int with ``lo <= d <= hi``; DimensionError otherwise (bools and floats refused)."""
    import numbers

    from specbias.core.errors import DimensionError

    if isinstance(d, bool) or not isinstance(d, numbers.Integral):
        raise DimensionError(f"{what} must be an integer >= {lo}, got {d!r}")
    d = int(d)
    if d < lo:
        raise DimensionError(f"{what} must be an integer >= {lo}, got {d}")
    if hi is not None and d > hi:
        raise DimensionError(f"{what} must be at most {hi} here, got d = {d}")
    return d


def check_positive(value, name: str, error: type = InputError) -> float:
    """``value`` as a finite float > 0; ``error`` (an InputError by default) otherwise.
    The value comes first, then its name (for a ParameterError, as numerics/network.py raises,
    pass ``error=ParameterError``)."""
    import math

    try:
        v = float(value)
    except (TypeError, ValueError):
        raise error(f"{name} must be a positive number, got {value!r}") from None
    if not math.isfinite(v) or v <= 0:
        raise error(f"{name} must be a positive finite number, got {value!r}")
    return v


#: which layers of the shallow network train (the tangent kernel's choices), for theory.ntk and
#: numerics.ntk alike
TRAIN_CHOICES = ("output", "first", "both")


def check_train(train) -> str:
    """``train`` if it is one of :data:`TRAIN_CHOICES`; an InputError otherwise."""
    if train not in TRAIN_CHOICES:
        raise InputError(f"train must be one of {', '.join(TRAIN_CHOICES)}, got {train!r}")
    return train
