"""The printing protocol shared by every derived result: text, LaTeX and JSON."""

from __future__ import annotations


class Report:
    """Mixin: subclasses implement ``to_text``, ``to_latex`` and ``to_json`` (a JSON-ready dict)."""

    def to_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_latex(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_json(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def _repr_latex_(self) -> str:
        return "$\\displaystyle " + self.to_latex() + "$"

    def __str__(self) -> str:
        return self.to_text()

    def render(self, fmt: str = "text") -> str:
        if fmt == "text":
            return self.to_text()
        if fmt == "latex":
            return self.to_latex()
        if fmt == "json":
            from .jsonio import dumps

            return dumps(self.to_json())
        raise ValueError(f"unknown format {fmt!r}")
