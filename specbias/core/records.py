"""The two result records every layer shares.

* :class:`DerivationStep`: one step of a derivation (the rule applied, what it was applied to, its
  result and its source), as the transform engine's provenance trail and the documents print it;
* :class:`Comparison`: one numeric comparison (quantity, routes compared, maximum error, tolerance,
  number of points, points skipped, passed), as ``specbias verify`` prints it, as the documents
  stamp it and as the tests assert it.

Both print as text, LaTeX (``_repr_latex_`` in a notebook) and strict JSON (no bare NaN), and a
:class:`Comparison` (or a list of them, :class:`ComparisonTable`) also as a short HTML table.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

from specbias.core.report import Report

__all__ = ["DerivationStep", "Comparison", "ComparisonTable", "json_float"]


def json_float(x):
    """``x`` as a float for strict JSON: NaN and ±inf become None."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


@dataclass(frozen=True)
class DerivationStep(Report):
    """One step of a derivation.

    ``rule`` is the name of the rule applied (a key of the engine's rule table), ``detail`` says in
    words what it was applied to, ``result`` is the SymPy expression it produced (or None),
    ``source`` is where the rule comes from, and ``latex`` (optional) is the detail typeset as
    mathematics; when it is empty the documents typeset ``detail`` themselves.
    """

    rule: str
    detail: str
    result: object = None
    source: str = ""
    latex: str = ""

    @classmethod
    def from_step(cls, step) -> "DerivationStep":
        """Any object with ``rule``, ``detail`` and optional ``result``/``source``/``latex``."""
        if isinstance(step, cls):
            return step
        return cls(rule=step.rule, detail=step.detail, result=getattr(step, "result", None),
                   source=getattr(step, "source", "") or "", latex=getattr(step, "latex", "") or "")

    def to_text(self) -> str:
        import sympy as sp

        res = "" if self.result is None else f"  ->  {sp.sstr(self.result)}"
        return f"[{self.rule}] {self.detail}{res}"

    def to_latex(self) -> str:
        from specbias.core import latex as tex

        body = self.latex or tex.text(self.detail)
        if self.result is not None:
            body += r" \;\Rightarrow\; " + tex.math(self.result)
        return body

    def _repr_latex_(self) -> str:  # prose with inline math: not wrapped in one $...$
        return self.to_latex()

    def to_json(self) -> dict:
        import sympy as sp

        return {"rule": self.rule, "detail": self.detail, "source": self.source,
                "result": None if self.result is None else sp.sstr(self.result)}


@dataclass
class Comparison(Report):
    """One numeric comparison between routes.

    ``quantity`` names what was compared (for instance ``"transform"`` or ``"weight W_σ,d"``),
    ``routes`` the routes compared, ``max_error`` the largest error found (relative unless
    ``detail`` says otherwise; NaN when nothing could be compared), ``tolerance`` the bound it must
    meet, ``points`` how many points were compared and ``skipped`` how many were left out (values
    float64 cannot resolve).  ``passed`` defaults to ``max_error <= tolerance`` (False for NaN).

    The positional order is that of ``specbias verify``'s rows, and :meth:`to_json` keeps that
    command's keys (``check``, ``max_rel_err``).
    """

    quantity: str
    activation: str | None
    dim: int | None
    routes: list
    max_error: float
    tolerance: float
    points: int = 0
    detail: str = ""
    passed: bool = field(default=None)
    skipped: int = 0

    def __post_init__(self):
        self.routes = list(self.routes)
        self.max_error = float(self.max_error)
        if self.passed is None:
            self.passed = bool(math.isfinite(self.max_error) and self.max_error <= self.tolerance)

    # the names `specbias verify` has always used
    @property
    def check(self) -> str:
        return self.quantity

    @property
    def max_rel_err(self) -> float:
        return self.max_error

    @classmethod
    def from_verification(cls, quantity: str, v: dict, *, routes, tolerance: float, activation=None,
                          dim=None) -> "Comparison":
        """From the dict the verification helpers return: ``max_rel_err``, ``points``, ``method``
        and ``skipped``."""
        return cls(quantity, activation, dim, list(routes), v["max_rel_err"], tolerance,
                   points=int(v.get("points", 0)), detail=v.get("method", ""), skipped=int(v.get("skipped", 0)))

    def to_json(self) -> dict:
        return {"check": self.quantity, "activation": self.activation, "dim": self.dim,
                "routes": list(self.routes), "max_rel_err": json_float(self.max_error),
                "tolerance": json_float(self.tolerance), "points": int(self.points), "detail": self.detail,
                "passed": bool(self.passed), "skipped": int(self.skipped)}

    def to_text(self) -> str:
        err = "nan" if not math.isfinite(self.max_error) else f"{self.max_error:.2e}"
        where = " ".join(x for x in (str(self.activation or ""), f"d={self.dim}" if self.dim else "") if x)
        return (f"{self.quantity}{' (' + where + ')' if where else ''}: {' vs '.join(self.routes)}: max error {err} "
                f"(tolerance {self.tolerance:.1e}) on {self.points} points"
                + (f", {self.skipped} skipped" if self.skipped else "") + (" ✓" if self.passed else " ✗"))

    def to_latex(self) -> str:
        from specbias.core import latex as tex

        return (tex.text(f"{self.quantity}: {' vs '.join(self.routes)}") + r": max error $" + tex.sci(self.max_error)
                + r"$ (tolerance $" + tex.sci(self.tolerance) + rf"$) on {self.points} points"
                + (f", {self.skipped} skipped" if self.skipped else ""))

    def _repr_latex_(self) -> str:
        return self.to_latex()

    def _repr_html_(self) -> str:
        return ComparisonTable([self])._repr_html_()


_HTML_COLUMNS = ("quantity", "activation", "dim", "routes", "max error", "tolerance", "points", "skipped", "passed")


class ComparisonTable(Report, list):
    """A list of :class:`Comparison` that prints as a table (text, LaTeX, HTML) and as JSON."""

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self)

    def to_json(self) -> list:
        return [c.to_json() for c in self]

    def to_text(self) -> str:
        return "\n".join(c.to_text() for c in self) + f"\n{sum(c.passed for c in self)} passed, " \
               f"{sum(not c.passed for c in self)} failed"

    def to_latex(self) -> str:
        from specbias.core import latex as tex

        rows = [r"\begin{tabular}{llrllrrc}", r"quantity & routes & $d$ & max error & tolerance & points & skipped & \\ \hline"]
        for c in self:
            rows.append(" & ".join([tex.text(c.quantity), tex.text(" vs ".join(c.routes)), str(c.dim or "--"),
                                    f"${tex.sci(c.max_error)}$", f"${tex.sci(c.tolerance)}$", str(c.points),
                                    str(c.skipped), r"$\checkmark$" if c.passed else r"$\times$"]) + r" \\")
        rows.append(r"\end{tabular}")
        return "\n".join(rows)

    def _repr_latex_(self) -> str:
        return self.to_latex()

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{h}</th>" for h in _HTML_COLUMNS)
        body = []
        for c in self:
            err = "nan" if not math.isfinite(c.max_error) else f"{c.max_error:.2e}"
            cells = [c.quantity, c.activation or "", c.dim or "", " vs ".join(c.routes), err, f"{c.tolerance:.1e}",
                     c.points, c.skipped, "✓" if c.passed else "✗"]
            body.append("<tr>" + "".join(f"<td>{html.escape(str(x))}</td>" for x in cells) + "</tr>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"

