"""The LaTeX documents of ``specbias build``: one section per activation, the summary, the preamble.

Rendering only: everything here takes the plain data :mod:`specbias.derivations.build` derived
(and cached) and returns LaTeX.  All typesetting goes through :mod:`specbias.core.latex` (one
symbol table).  The derivation steps are mathematics: each step of the engine's provenance trail
is typeset by :func:`step_latex` (a step that carries its own ``latex`` is used as it is).
"""

from __future__ import annotations

import re

import sympy as sp

from specbias.core import latex as tex

__all__ = ["step_latex", "source_latex", "delta_latex", "activation_section", "summary_tables", "preamble"]

#: How the rule names of the engine's rule table read in the documents.
RULE_TITLES = {"exp_rational": "rational in $e^{\\kappa t}$", "one_sided": "one-sided piece",
               "point_spectrum": "point spectrum", "finite_piece": "finite piece", "sympy_fallback": "SymPy",
               "delta_product": "product with $\\delta$", "t_multiplication": "multiplication by $t$",
               "delta": "point masses of $\\sigma^{(n)}$"}

_OMEGA = sp.Symbol("omega", positive=True)
_LOCALS = {"omega": _OMEGA, "t": sp.Symbol("t", real=True), "u_": sp.Symbol("u_", positive=True),
           "s_": sp.Symbol("s_", positive=True), "I": sp.I, "pi": sp.pi, "E": sp.E}


def _expr(s: str) -> str:
    """LaTeX of an expression the engine printed with ``sympy.sstr`` (its own output, never user
    text: a user's expression reaches it only after the activation parser).  Point masses written
    as text (``(I*pi) δ'(ω)``) are typeset by :func:`delta_latex`.  Anything that does not parse
    is set as prose by :func:`specbias.core.latex.text`."""
    held = {}

    def hold(m):
        key = f"DELTAHOLD{len(held)}"
        coef = m.group("c") or m.group("a") or ("-1" if m.group("neg") else "1")
        order = len(m.group("pr")) if m.group("k") is None else int(m.group("k"))
        held[key] = delta_latex(coef, order, m.group("arg"))
        return key

    s2 = _DELTA_TEXT.sub(hold, s.replace("ω", "omega").replace("−", "-"))
    try:
        e = sp.parse_expr(s2, local_dict={**_LOCALS, **{k: sp.Symbol(k) for k in held}})
    except Exception:  # noqa: BLE001 - any parse failure: set it as text instead
        return "$" + tex.math_text(s) + "$" if not re.search(r"[A-Za-z]{2}", s) else tex.text(s)
    out = tex.math(e, symbol_names={sp.Symbol(k): v for k, v in held.items()}) if held else tex.math(e)
    return "$" + out + "$"


_DELTA_TEXT = re.compile(r"(?:\((?P<c>[^()]*(?:\([^()]*\)[^()]*)*)\) |(?P<a>[^\s(),δ]+) |(?P<neg>-))?"
                         r"δ(?P<pr>'*)(?:\^\((?P<k>\d+)\))?\((?P<arg>[^()]*)\)")


def delta_latex(coefficient, order: int, arg: str = r"\omega") -> str:
    """c·δ^{(k)}(arg) with the coefficient typeset (``coefficient`` a SymPy expression or its
    ``sstr``; ``arg`` TeX or text such as ``omega - 1``)."""
    c = sp.sympify(coefficient) if isinstance(coefficient, str) else coefficient
    d = r"\delta" + ("'" * order if order < 3 else f"^{{({order})}}")
    a = re.sub(r"(?<!\\)omega", r"\\omega", arg).replace("ω", r"\omega ")
    if c == 1:
        return rf"{d}({a})"
    if c == -1:
        return rf"-{d}({a})"
    ct = tex.math(c)
    if isinstance(c, sp.Add):
        ct = rf"\left({ct}\right)"
    return rf"{ct}\,{d}({a})"


def _location_arg(location: str) -> str:
    loc = sp.sympify(location)
    if loc == 0:
        return r"\omega"
    return tex.math(_OMEGA - loc)


def _mass_list(s: str) -> str:
    items = [m for m in _DELTA_TEXT.finditer(s)]
    if not items:
        return tex.text(s)
    return ", ".join(_expr(m.group(0)) for m in items)


_STEP_FORMS = [
    (re.compile(r"^asymptotes: σ ~ (?P<plus>.+) \(t→\+∞\), σ ~ (?P<minus>.+) \(t→[−-]∞\)$"),
     lambda m: (r"asymptotes: $\sigma(t)\sim$ " + _expr(m["plus"]) + r" as $t\to+\infty$ and $\sigma(t)\sim$ "
                + _expr(m["minus"]) + r" as $t\to-\infty$")),
    (re.compile(r"^σ\^\((?P<n>\d+)\) = (?P<rhs>.+)$"),
     lambda m: rf"$\sigma^{{({m['n']})}}(t) = " + _expr(m["rhs"])[1:]),
    (re.compile(r"^divide by \(iω\)\^\{?(?P<n>\d+)\}?$"), lambda m: rf"divide by $(i\omega)^{{{m['n']}}}$"),
    (re.compile(r"^(?P<pre>point masses at ω = 0|oscillating terms t\^m e\^\{iat\} give point masses at ω = a)"
                r": (?P<list>.+)$"),
     lambda m: tex.text(m["pre"]) + ": " + _mass_list(m["list"])),
    (re.compile(r"^check: pole part of σ̂ at ω = 0 is (?P<e>.+), as the asymptotes predict$"),
     lambda m: r"check: the pole part of $\hat\sigma$ at $\omega=0$ is " + _expr(m["e"])
     + ", as the asymptotes predict"),
    (re.compile(r"^term (?P<e>.+)$"), lambda m: "the term " + _expr(m["e"])),
    (re.compile(r"^piece on t (?P<op>[<>]) (?P<c>\S+): Laplace transform of (?P<h>.+) at s = (?P<s>-?)iω$"),
     lambda m: (rf"the piece on $t {m['op']} {tex.math(sp.sympify(m['c']))}$: Laplace transform of "
                + _expr(m["h"]) + rf" at $s = {m['s']}i\omega$")),
    (re.compile(r"^the piece starts at t = (?P<c>.+?): a factor e\^\{-iω·(?P<c2>.+)\}$"),
     lambda m: (rf"the piece starts at $t = {tex.math(sp.sympify(m['c']))}$: a factor "
                rf"$e^{{-i\omega\cdot {tex.math(sp.sympify(m['c2']))}}}$")),
    (re.compile(r"^piece on (?P<lo>.+) < t < (?P<hi>.+)$"),
     lambda m: rf"the piece on ${tex.math(sp.sympify(m['lo']))} < t < {tex.math(sp.sympify(m['hi']))}$"),
    (re.compile(r"^g is polynomial in t with coefficients rational in e\^\{(?P<k>.+) t\}(?P<rest>.*)$"),
     lambda m: (r"$g$ is polynomial in $t$ with coefficients rational in "
                + ("$e^{t}$" if m["k"] == "1" else rf"$e^{{{tex.math(sp.sympify(m['k']))} t}}$")
                + tex.text(m["rest"]))),
    (re.compile(r"^a shifted argument: constants e\^\{b\}, b ∈ \{(?P<list>.*)\}, (?P<rest>.+)$"),
     lambda m: (r"a shifted argument: the constants $e^{b}$, $b \in \{"
                + ", ".join(tex.math(sp.sympify(x)) for x in m["list"].split(", ") if x) + r"\}$, "
                + tex.text(m["rest"]))),
    (re.compile(r"^exponentials in κt with κ = (?P<k>.+?): (?P<rest>.+)$"),
     lambda m: rf"exponentials in $\kappa t$ with $\kappa = {tex.math(sp.sympify(m['k']))}$: " + tex.text(m["rest"])),
    (re.compile(r"^σ is a sum of (?P<n>\d+) terms, transformed separately$"),
     lambda m: rf"$\sigma$ is a sum of {m['n']} terms, transformed separately"),
    (re.compile(r"^g is (?P<rest>.+)$"), lambda m: "$g$ is " + tex.text(m["rest"])),
]


def step_latex(rule: str, detail: str, result_latex: str | None = None, source: str = "", latex: str = "") -> str:
    """One derivation step as an ``\\item``: rule, what it was applied to (typeset), result, source."""
    body = latex or next((fmt(m) for rx, fmt in _STEP_FORMS if (m := rx.match(detail))), None) or tex.text(detail)
    title = RULE_TITLES.get(rule, tex.text(rule.replace("_", " ")))
    item = rf"\item \textbf{{{title}}}: {body}"
    if result_latex is not None:
        item += rf" $\;\Rightarrow\; {result_latex}$"
    if source:
        item += rf" \emph{{[{source_latex(source)}]}}"
    return item


def source_latex(source: str) -> str:
    """A rule's source: formulas (the parts with an ``=``) as mathematics, references as text."""
    parts = []
    for part in source.split("; "):
        parts.append("$" + tex.math_text(part) + "$" if "=" in part else tex.text(part))
    return "; ".join(parts)


def _stamp(v: dict | None) -> str:
    if not v:
        return r"\text{not verified}"
    if v["points"] == 0 or v["max_rel_err"] is None:
        return r"\text{no float64-resolvable points}"
    return (rf"\text{{verified: max rel. err }} {tex.sci(v['max_rel_err'])}"
            rf"\text{{ on {v['points']} points of }}[0.05, 20]\text{{ ({v['route']})}}")


def activation_section(d: dict) -> str:
    """The section of one activation, from the data ``build`` derived."""
    name = d["activation"]
    tr = d["transform"]
    reg = tr["regularization"]
    word = {"none": "", "principal value": r"\operatorname{PV}", "finite part": r"\operatorname{FP}"}[reg]
    regular = rf"{word}\left[{d['latex_regular']}\right]" if word else d["latex_regular"]
    sing = " + ".join(delta_latex(s["coefficient"], s["order"], _location_arg(s["location"]))
                      for s in tr["singular"]).replace("+ -", "- ")
    hat = (regular if d["latex_regular"] != "0" else "") + ((" + " if d["latex_regular"] != "0" and sing else "") + sing)
    lines = [
        rf"\section{{{tex.text(name)}: {tex.text(d['description'])}}}",
        r"\paragraph{Convention.} $" + d["convention_latex"] + r"$. Regular parts are shown for $\omega>0$; "
        r"for real $\sigma$, $\hat\sigma(-\omega)=\overline{\hat\sigma(\omega)}$. "
        r"$\operatorname{FP}(1/\omega^m) := \frac{(-1)^{m-1}}{(m-1)!}\partial_\omega^{m-1}\operatorname{PV}(1/\omega)$.",
        r"\paragraph{Activation.}",
        rf"\[ \sigma(t) = {d['latex_expression']} \]",
        r"\paragraph{Derivation (rules applied, with sources).}",
        r"\begin{enumerate}",
    ]
    for st in d["steps"]:
        lines.append(step_latex(st["rule"], st["detail"], st["result_latex"], st["source"], st.get("latex", "")))
    lines += [r"\end{enumerate}", r"\paragraph{Generalized Fourier transform} (regularization: " + reg + ")",
              r"\begin{equation}", rf"\hat\sigma(\omega) = {hat}", r"\end{equation}",
              r"\emph{Stamp:} $" + _stamp(d["transform_check"]) + "$ (numeric route from the definition of $\\sigma$ only).",
              ""]
    if d["degenerate"]:
        lines += [r"\paragraph{Spectral weight.} Not defined: " + tex.text(d["degenerate"]) + "."]
    for w in d["weights"]:
        dim = w["dim"]
        lines += [
            rf"\paragraph{{Dimension $d={dim}$.}}",
            r"\begin{equation}",
            rf"W_{{\sigma,{dim}}}(\omega) = \frac{{|\omega|^{{{dim - 1}}}}}{{|\hat\sigma(\omega)|^2}} = {w['latex_weight']},"
            rf"\qquad C_{{{dim}}} = {w['latex_constant']}",
            r"\end{equation}",
            r"\emph{Stamp:} $" + _stamp(w["check"]) + "$.",
            "",
            rf"Asymptotics: $W \sim {w['latex_low']}$ as $\omega\to0$, $W \sim {w['latex_high']}$ as $\omega\to\infty$. "
            rf"Null space: {tex.text(w['null_space'])}. "
            rf"Radon-domain operator: $\mathcal D_\sigma = {w['radon_operator_latex']}$, so "
            rf"$\|g\|_\sigma^2 = \iint |\gamma_{dim}\,\mathcal D_\sigma \Lambda^{{{dim - 1}}} R g|^2/\zeta\,d\tau\,du$.",
            "",
        ]
    claim = d["claim"]
    lines.append(r"\paragraph{Against THEORY.md.} " + (
        "The derived $\\hat\\sigma$ and $W_{\\sigma,d}$ agree with the claimed table."
        if claim["status"] == "agrees" else
        "\\textbf{Disagreement:} " + "; ".join(claim.get("notes_latex", claim.get("notes", [])))
        if claim["status"] == "DISAGREES" else "No claim in THEORY.md for this activation."))
    return "\n".join(lines) + "\n"


def _e(x) -> str:
    return "nan" if x is None else f"{x:.1e}"


def summary_tables(rows: list[dict]) -> tuple[str, str]:
    """(summary.md, summary.tex): one row per activation and dimension."""
    md = ["| activation | d | W_σ,d(ω) | null space | low freq | high freq | max rel err (σ̂, W) | THEORY.md |",
          "|---|---|---|---|---|---|---|---|"]
    out = [r"\section{Summary}", r"\begin{longtable}{llllll}",
           r"activation & $d$ & $W_{\sigma,d}(\omega)$ & null space & max rel.\ err & THEORY.md \\ \hline"]
    for d in rows:
        terr = d["transform_check"]["max_rel_err"]
        if not d["weights"]:
            md.append(f"| {d['activation']} | – | degenerate (σ̂ is a sum of point masses) | – | – | – | "
                      f"{_e(terr)} | {d['claim']['status']} |")
            out.append(rf"{tex.text(d['activation'])} & -- & degenerate & -- & ${tex.sci(terr)}$ & {d['claim']['status']} \\")
        for w in d["weights"]:
            errs = [terr, w["check"]["max_rel_err"]]
            err = None if None in errs else max(errs)
            md.append(f"| {d['activation']} | {w['dim']} | `{w['weight']}` | {w['null_space']} | `{w['low_frequency']}` | "
                      f"`{w['high_frequency']}` | {_e(err)} | {d['claim']['status']} |")
            out.append(rf"{tex.text(d['activation'])} & {w['dim']} & ${w['latex_weight']}$ & "
                       rf"{tex.text(w['null_space'])} & ${tex.sci(err)}$ & {d['claim']['status']} \\")
    out.append(r"\end{longtable}")
    return "\n".join(md) + "\n", "\n".join(out) + "\n"


def preamble(title: str = "specbias: activation-specific spectral bias, derived and verified") -> str:
    return "\n".join([
        r"\documentclass[10pt]{article}",
        r"\usepackage[margin=2cm]{geometry}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage{graphicx}",
        r"\usepackage{longtable}",
        r"\allowdisplaybreaks",
        r"\emergencystretch=2em",
        tex.unicode_declarations(),
        rf"\title{{{tex.text(title)}}}",
        r"\date{}",
        r"\begin{document}",
        r"\maketitle",
        r"\tableofcontents",
        "",
    ])
