"""Input validation shared by the numeric modules."""

from __future__ import annotations

import numpy as np

from specbias.core.errors import InputError


def as_finite_array(a, name: str, ndim: int | None = None) -> np.ndarray:
    """``a`` as a float64 array; InputError if it is not numeric, has the wrong number of
    dimensions, or contains NaN or infinite values."""
    try:
        arr = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be a real numeric array: {exc}") from None
    if ndim is not None and arr.ndim != ndim:
        raise InputError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} contains NaN or infinite values")
    return arr
