"""The one JSON encoder of specbias: strict JSON, always.

Python's ``json.dumps`` writes bare ``NaN`` and ``Infinity``, which are not JSON.  Here every
non-finite float is written as a string (``"nan"``, ``"inf"``, ``"-inf"``), NumPy scalars and
arrays become plain numbers and lists, SymPy objects become their ``sstr`` text, and the output is
produced with ``allow_nan=False``, so ``json.loads(s, parse_constant=...)`` with the constants
rejected parses every output.
"""

from __future__ import annotations

import json
import math

__all__ = ["to_jsonable", "dumps", "NONFINITE"]

#: how non-finite floats are written
NONFINITE = {"nan": "nan", "inf": "inf", "-inf": "-inf"}


def _float(x: float):
    if math.isfinite(x):
        return x
    if x != x:
        return NONFINITE["nan"]
    return NONFINITE["inf"] if x > 0 else NONFINITE["-inf"]


def to_jsonable(obj):
    """A structure of dicts, lists, str, int, finite float, bool and None (non-recursive walk)."""
    root = [None]
    stack = [(obj, root, 0)]
    while stack:
        o, parent, key = stack.pop()
        if o is None or isinstance(o, (bool, str)):
            parent[key] = o
        elif isinstance(o, int):
            parent[key] = int(o)
        elif isinstance(o, float):
            parent[key] = _float(o)
        elif isinstance(o, dict):
            d = {}
            parent[key] = d
            for k in o:  # keys in order (values are filled in later)
                d[str(k)] = None
            for k, v in reversed(list(o.items())):
                stack.append((v, d, str(k)))
        elif isinstance(o, (list, tuple, set, frozenset)):
            items = list(o)
            lst = [None] * len(items)
            parent[key] = lst
            for i, v in enumerate(items):
                stack.append((v, lst, i))
        else:
            mod = type(o).__module__ or ""
            if mod.startswith("numpy"):
                import numpy as np

                if isinstance(o, np.ndarray):
                    stack.append((o.tolist(), parent, key))
                elif isinstance(o, np.bool_):
                    parent[key] = bool(o)
                elif isinstance(o, np.integer):
                    parent[key] = int(o)
                elif isinstance(o, np.floating):
                    parent[key] = _float(float(o))
                elif isinstance(o, np.complexfloating):
                    parent[key] = {"re": _float(float(o.real)), "im": _float(float(o.imag))}
                else:
                    parent[key] = str(o)
            elif isinstance(o, complex):
                parent[key] = {"re": _float(o.real), "im": _float(o.imag)}
            elif mod.startswith("sympy"):
                import sympy as sp

                parent[key] = sp.sstr(o)
            elif hasattr(o, "to_json"):
                stack.append((o.to_json(), parent, key))
            else:
                parent[key] = str(o)
    return root[0]


def dumps(obj, indent: int | None = 2, **kw) -> str:
    """Strict JSON text of ``obj`` (see the module docstring)."""
    return json.dumps(to_jsonable(obj), indent=indent, allow_nan=False, **kw)
