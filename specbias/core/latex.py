"""LaTeX rendering, with ONE symbol table.

Everything that turns specbias's results into LaTeX goes through this module:

* :func:`math` typesets a SymPy expression (``sympy.latex`` with :data:`SYMBOL_NAMES`, so that the
  engine's dummy symbols ``u_``, ``s_``, ``k_tmp`` print as u, s, k and ``omega`` as ω);
* :func:`math_text` typesets a formula written in Unicode (``"F[t^k H(±t)] = π i^k δ^{(k)}(ω)"``)
  as math-mode TeX;
* :func:`text` makes prose safe for pdflatex: TeX specials escaped, Unicode mathematics
  (σ, ω, →, ², x_j, t^k, ...) set as inline math, ``$...$`` spans kept;
* :func:`unicode_declarations` gives the preamble's ``\\DeclareUnicodeCharacter`` lines, from the
  same table, as a safety net for any character that reaches TeX unconverted;
* :func:`sci` prints a float as ``6.1\\times10^{-15}``.
"""

from __future__ import annotations

import math as _math
import re

__all__ = ["MATH_SYMBOLS", "TEXT_SYMBOLS", "SUPERSCRIPTS", "SUBSCRIPTS", "SYMBOL_NAMES",
           "math", "math_text", "text", "sci", "unicode_declarations"]

#: The one symbol table: a Unicode character and its TeX in math mode.
MATH_SYMBOLS: dict[str, str] = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon", "ζ": r"\zeta",
    "η": r"\eta", "θ": r"\theta", "κ": r"\kappa", "λ": r"\lambda", "μ": r"\mu", "ν": r"\nu", "ξ": r"\xi",
    "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma", "τ": r"\tau", "φ": r"\varphi", "χ": r"\chi", "ψ": r"\psi",
    "ω": r"\omega", "Γ": r"\Gamma", "Δ": r"\Delta", "Θ": r"\Theta", "Λ": r"\Lambda", "Σ": r"\Sigma",
    "Φ": r"\Phi", "Ψ": r"\Psi", "Ω": r"\Omega",
    "∂": r"\partial", "∞": r"\infty", "→": r"\to", "⇒": r"\Rightarrow", "⇔": r"\iff", "↦": r"\mapsto",
    "←": r"\leftarrow", "↔": r"\leftrightarrow", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx",
    "≡": r"\equiv", "∝": r"\propto", "±": r"\pm", "×": r"\times", "·": r"\cdot", "⋅": r"\cdot",
    "−": "-", "∈": r"\in", "⊂": r"\subset", "⊆": r"\subseteq", "∩": r"\cap", "∪": r"\cup",
    "∀": r"\forall", "∃": r"\exists", "∅": r"\emptyset", "∣": r"\mid", "∘": r"\circ",
    "ℝ": r"\mathbb R", "‖": r"\|", "∥": r"\parallel", "⊤": r"\top", "∫": r"\int", "∑": r"\sum",
    "√": r"\surd", "∇": r"\nabla", "⟨": r"\langle", "⟩": r"\rangle", "ℓ": r"\ell", "′": "'",
    "𝒟": r"\mathcal D", "𝒵": r"\mathcal Z", "✓": r"\checkmark", "°": r"^\circ",
    "½": r"\tfrac12", "⅓": r"\tfrac13", "~": r"\sim",
    # precomposed letters with a dot or a hat
    "ċ": r"\dot c", "ż": r"\dot z", "ẇ": r"\dot w", "ḃ": r"\dot b", "ĉ": r"\hat c",
}
#: Superscript and subscript characters, and combining accents (applied to the previous character).
SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁻": "-", "⁺": "+", "ᵀ": r"\top", "ᵏ": "k"}
SUBSCRIPTS = {"₀": "0", "₁": "1", "₂": "2", "₃": "3"}
_ACCENTS = {"\u0307": r"\dot", "\u0302": r"\hat"}
#: Characters for text mode.
TEXT_SYMBOLS = {"§": r"\S{}", "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"\ldots{}"}

#: SymPy symbol names and how they print (the engine's dummies print as plain letters).
SYMBOL_NAMES = {"omega": r"\omega", "u_": "u", "s_": "s", "k_tmp": "k", "x_inf": "x", "z_": "z",
                "sigma_b": r"\sigma_b", "sigma_w": r"\sigma_w", "tau": r"\tau", "rho": r"\rho"}


def math(expr, **kwargs) -> str:
    """``sympy.latex`` of ``expr`` with the symbol table (ω for ``omega``, u for ``u_``, ...)."""
    import sympy as sp

    expr = sp.sympify(expr) if not isinstance(expr, sp.Basic) else expr
    names = {s: SYMBOL_NAMES[s.name] for s in expr.free_symbols if getattr(s, "name", None) in SYMBOL_NAMES}
    names.update(kwargs.pop("symbol_names", {}))
    return sp.latex(expr, symbol_names=names, **kwargs)


def _cmd(tex: str, nxt: str) -> str:
    """A control word followed by a letter needs a space: \\pi i, not \\pii."""
    return tex + " " if tex[-1:].isalpha() and tex.startswith("\\") and (nxt.isalnum()) else tex


def math_text(s: str) -> str:
    """A formula written in Unicode as math-mode TeX (without the surrounding ``$``)."""
    out = []
    i = 0
    while i < len(s):
        ch = s[i]
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if nxt in _ACCENTS:  # x + combining dot -> \dot x
            base = MATH_SYMBOLS.get(ch, ch)
            out.append(f"{_ACCENTS[nxt]}{{{base}}}")
            i += 2
            continue
        if ch in SUPERSCRIPTS or ch in SUBSCRIPTS:
            table, mark = (SUPERSCRIPTS, "^") if ch in SUPERSCRIPTS else (SUBSCRIPTS, "_")
            j = i
            run = []
            while j < len(s) and s[j] in table:
                run.append(table[s[j]])
                j += 1
            out.append(mark + "{" + " ".join(run) if len(run) > 1 and any(r.startswith("\\") for r in run)
                       else mark + "{" + "".join(run))
            out.append("}")
            i = j
            continue
        if ch in ("^", "_") and nxt and (nxt.isalnum() or nxt in "+-") and nxt not in SUPERSCRIPTS:
            j = i + 1  # x_ij -> x_{ij}, t^k -> t^{k}, e^-t -> e^{-t}
            while j < len(s) and (s[j].isalnum() or (j == i + 1 and s[j] in "+-")):
                j += 1
            out.append(ch + "{" + math_text(s[i + 1:j]) + "}")
            i = j
            continue
        if ch in ("^", "_") and nxt == "(":  # t^(n) -> t^{(n)}
            depth, j = 0, i + 1
            while j < len(s):
                depth += {"(": 1, ")": -1}.get(s[j], 0)
                if depth == 0:
                    break
                j += 1
            out.append(ch + "{" + math_text(s[i + 1:j + 1]) + "}")
            i = j + 1
            continue
        if ch == "*" and nxt == "*":
            out.append("^")
            i += 2
            continue
        if ch in MATH_SYMBOLS:
            out.append(_cmd(MATH_SYMBOLS[ch], nxt))
        elif ch in _ACCENTS:
            pass
        elif ch == "&":
            out.append(r"\&")
        elif ch == "%":
            out.append(r"\%")
        elif ch == "#":
            out.append(r"\#")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


# A script in prose: a one-character base (letter, digit, Greek, closing bracket) followed by
# ^ or _ and a braced group, a bracketed group or a short run of letters and digits, possibly
# repeated (x_j, t^k, e^{iat}, σ^(n), A_ij, t^{k+1}).
_GREEK = "".join(k for k in MATH_SYMBOLS if len(k) == 1 and k.isalpha())
_SCRIPT = re.compile(
    r"(?<![A-Za-z0-9\\])([A-Za-z0-9∫∑" + _GREEK + r"][\u0307\u0302]?|\([^()$]{1,12}\))((?:[\^_](?:\{[^{}]*\}|\([^()]*\)|"
    r"[A-Za-z0-9+\-∞" + _GREEK + r"]{1,4}))+)")
# exp(x) written in prose: e^{x}
_EXP_CALL = re.compile(r"(?<![A-Za-z\\])exp\(([^()]+)\)")
# a superscript left after a word or a bracket (ReLU^k, max(t, 0)^k): set as a superscript
_LOOSE_SCRIPT = re.compile(r"\^(?:\{[^{}]*\}|\([^()]*\)|[A-Za-z0-9+\-∞]{1,4})")
_ACCENTED = re.compile(r"[A-Za-z" + _GREEK + r"][\u0307\u0302]")
_MATH_RUN = re.compile("[" + re.escape("".join(k for k in MATH_SYMBOLS if len(k) == 1 and k != "~")
                       + "".join(SUPERSCRIPTS) + "".join(SUBSCRIPTS) + "".join(_ACCENTS)) + "]+")
_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{",
             "}": r"\}", "^": r"\textasciicircum{}", "~": r"$\sim$", "$": r"\$"}


def text(s: str, keep_math: bool = True) -> str:
    """Prose made safe for pdflatex, with its mathematics typeset.

    ``$...$`` spans are kept as they are (when ``keep_math``); scripts written in the text
    (``x_j``, ``t^k``, ``σ^(n)``) and runs of mathematical characters (σ, ω, →, ²) become inline
    math; TeX's special characters are escaped; adjacent inline formulas are merged.
    """
    parts = s.split("$") if keep_math and s.count("$") % 2 == 0 else [s]
    for i in range(0, len(parts), 2):
        held: list[str] = []

        def hold(tex: str) -> str:
            held.append(tex)
            return f"\x00{len(held) - 1}\x01"

        p = _EXP_CALL.sub(lambda m: hold("e^{" + math_text(m.group(1)) + "}"), parts[i])
        p = _SCRIPT.sub(lambda m: hold(math_text(m.group(1)) + math_text(m.group(2))), p)
        p = _LOOSE_SCRIPT.sub(lambda m: hold(math_text(m.group(0))), p)
        p = _ACCENTED.sub(lambda m: hold(math_text(m.group(0))), p)
        p = _MATH_RUN.sub(lambda m: hold(math_text(m.group(0))), p)
        p = "".join(_SPECIALS.get(ch, TEXT_SYMBOLS.get(ch, ch)) for ch in p)
        p = re.sub("\x00(\\d+)\x01", lambda m: "$" + held[int(m.group(1))] + "$", p)
        parts[i] = p
    out = "$".join(parts)
    out = re.sub(r"(\\[A-Za-z]+)\$\$", r"\1 ", out)  # $\cdot$$x$ -> $\cdot x$
    return out.replace("$$", "")


def sci(x) -> str:
    """A float in math-mode scientific notation: 6.1\\times10^{-15}; NaN as \\mathrm{nan}."""
    if x is None or not _math.isfinite(float(x)):
        return r"\mathrm{nan}"
    if x == 0:
        return "0"
    m, e = f"{float(x):.1e}".split("e")
    return rf"{m}\times10^{{{int(e)}}}"


def unicode_declarations() -> str:
    """``\\DeclareUnicodeCharacter`` lines for the preamble, from the same table."""
    lines = []
    for ch, tex in MATH_SYMBOLS.items():
        if len(ch) == 1 and ord(ch) > 127:
            lines.append(rf"\DeclareUnicodeCharacter{{{ord(ch):04X}}}{{\ensuremath{{{tex}}}}}")
    for table, mark in ((SUPERSCRIPTS, "^"), (SUBSCRIPTS, "_")):
        for ch, tex in table.items():
            lines.append(rf"\DeclareUnicodeCharacter{{{ord(ch):04X}}}{{\ensuremath{{{mark}{{{tex}}}}}}}")
    for ch in _ACCENTS:
        lines.append(rf"\DeclareUnicodeCharacter{{{ord(ch):04X}}}{{}}")
    for ch, tex in TEXT_SYMBOLS.items():
        lines.append(rf"\DeclareUnicodeCharacter{{{ord(ch):04X}}}{{{tex}}}")
    return "\n".join(lines)
