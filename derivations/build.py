"""The main job: derive every activation in every dimension, verify, and write the documents.

``specbias build`` writes into ``--out`` (by default ``./specbias-build/`` in the current
directory; never into the installed package):

* ``<activation>.tex``: σ, the derivative reduction (the engine's provenance trail), σ̂ with its
  regularization and point masses, W_σ,d for each d, the asymptotics, the null space and the
  Radon-domain operator, each equation stamped with its numeric verification, and the comparison
  with THEORY.md's claims;
* ``summary.md`` and ``summary.tex``: one row per activation and dimension;
* ``spectra.png``: |σ̂|² and W_σ,d for all activations on log-log axes;
* ``reparam.tex``: the Radon-spline reparameterization and adaptive-regime derivations;
* ``specbias.tex`` (the master document) and ``specbias.pdf`` when a TeX engine is installed.

The committed copies under ``derivations/generated/`` of the repository are regenerated with
``specbias build --out derivations/generated`` (tests/test_generated_docs.py compares them).

The master document is assembled from :data:`SECTIONS`, a list of section generators run after the
per-activation sections: adding a part to the documents is one :class:`Section` in that list.

Results are cached in ``.specbias-cache/`` keyed by the activation, the dimensions and a hash of
the source code of :mod:`specbias.core`, :mod:`specbias.theory` and :mod:`specbias.numerics`, so a
second run is fast.  The LaTeX is rendered from the cached data at every run
(:mod:`specbias.derivations.document`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import sympy as sp

from specbias.core import latex as tex
from specbias.core.records import Comparison, DerivationStep
from specbias.core.report import Report

from . import document

#: The repository's committed copies of the documents (``specbias build --out derivations/generated``).
GENERATED = Path(__file__).parent / "generated"
#: Where ``specbias build`` writes when no ``--out`` is given: a folder in the current directory.
DEFAULT_OUT = "specbias-build"
CACHE_VERSION = 2


def _code_hash() -> str:
    h = hashlib.sha256()
    import specbias.core
    import specbias.numerics
    import specbias.theory

    for pkg in (specbias.core, specbias.theory, specbias.numerics):
        for f in sorted(Path(pkg.__path__[0]).glob("*.py")):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    for f in ("build.py", "verification.py", "document.py"):
        h.update((Path(__file__).parent / f).read_bytes())
    return h.hexdigest()[:16]


def _disagree(out: dict, what: str, what_tex: str, claimed, derived, rel: float, where: str = "") -> None:
    """Record one disagreement with THEORY.md, as text (JSON, summary.md) and as LaTeX."""
    out["status"] = "DISAGREES"
    out["notes"].append(f"{what}: THEORY.md claims {sp.sstr(claimed)}, derived {sp.sstr(derived)} "
                        f"(max rel. difference {rel:.2e}{' on ' + where if where else ''})")
    out.setdefault("notes_latex", []).append(
        rf"${what_tex}$: THEORY.md claims ${tex.math(claimed)}$, derived ${tex.math(derived)}$ "
        rf"(max rel.\ difference ${tex.sci(rel)}$" + (f" on {tex.text(where)}" if where else "") + ")")


def _compare_claim(name: str, gt, weights: dict) -> dict:
    """Compare the derived σ̂ and W with THEORY.md's table (numerically at 9 points, exactly too)."""
    from specbias.theory import claims
    from specbias.theory.fourier import OMEGA

    if name not in claims.CLAIMED:
        return {"status": "no claim"}
    hat_claim, w_claim = claims.CLAIMED[name]
    out = {"status": "agrees", "notes": []}
    omega = np.geomspace(0.1, 8, 9)
    if hat_claim == 0:
        masses = {(s.location, s.order): s.coefficient for s in gt.singular}
        ok = all(sp.simplify(masses.get(k, 0) - v) == 0 for k, v in claims.CLAIMED_SIN_MASSES.items())
        if gt.regular != 0 or not ok:
            w = sp.Symbol("omega")
            as_sum = lambda m: sum(v * sp.DiracDelta(w - loc, order) for (loc, order), v in m.items())  # noqa: E731
            _disagree(out, "point masses", r"\hat\sigma", as_sum(claims.CLAIMED_SIN_MASSES), as_sum(masses), float("nan"))
        return out
    dv = gt.evaluate(omega)
    rel = float(np.max(np.abs(np.asarray(sp.lambdify(OMEGA, hat_claim, "numpy")(omega), dtype=complex) - dv) / np.abs(dv)))
    out["hat_rel_diff"] = rel
    if rel > 1e-12:
        _disagree(out, "σ̂", r"\hat\sigma", hat_claim, gt.regular, rel, "ω ∈ [0.1, 8]")
    for dim, sw in weights.items():
        claimed = w_claim.subs(claims.d, dim)
        b = sw.evaluate(omega)
        relw = float(np.max(np.abs(np.asarray(sp.lambdify(OMEGA, claimed, "numpy")(omega), dtype=float) - b) / np.abs(b)))
        if relw > 1e-12:
            _disagree(out, f"W (d={dim})", rf"W_{{\sigma,{dim}}}", claimed, sw.weight, relw)
    return out


@dataclass
class ActivationDerivation(Report):
    """Everything derived and verified for one activation (rendered from plain data, cacheable)."""

    data: dict

    @property
    def name(self) -> str:
        return self.data["activation"]

    def to_json(self) -> dict:
        return self.data

    def to_text(self) -> str:
        d = self.data
        lines = [f"{d['activation']}: σ(t) = {d['expression']}",
                 f"  σ̂(ω) = {d['transform']['regular']}  [{d['transform']['regularization']}]"
                 f"  verified {d['transform_check']['max_rel_err']:.1e} ({d['transform_check']['points']} pts)"
                 if d.get("transform_check") and d["transform_check"]["points"] else
                 f"  σ̂(ω) = {d['transform']['regular']}  [{d['transform']['regularization']}]"]
        for w in d["weights"]:
            lines.append(f"  d={w['dim']}: W = {w['weight']}   low {w['low_frequency']}, high {w['high_frequency']}")
        lines.append(f"  THEORY.md: {d['claim']['status']}")
        return "\n".join(lines)

    def to_latex(self) -> str:
        return document.activation_section(self.data)


def _stamp_record(quantity: str, v: dict, route: str, activation: str, dim) -> dict:
    """A document's verification stamp: the shared Comparison record (as JSON) and its route."""
    from .verification import TRANSFORM_RTOL

    js = Comparison.from_verification(quantity, v, routes=["theory", route], tolerance=TRANSFORM_RTOL,
                                      activation=activation, dim=dim).to_json()
    js["route"] = route
    return js


def _derive_one(spec: str, dims) -> dict:
    from specbias.core.activations import get_activation
    from specbias.core.errors import DegenerateSeminorm
    from specbias.theory.fourier import fourier_transform
    from specbias.theory.seminorm import spectral_weight

    from .verification import verify_transform, verify_weight

    act = get_activation(spec)
    gt = fourier_transform(act)
    v = verify_transform(gt)
    tcheck = _stamp_record("transform", v, v["routes"][-1], act.name, None)
    weights, wdata = {}, []
    degenerate = None
    for dim in dims:
        try:
            sw = spectral_weight(gt, dim)
        except DegenerateSeminorm as exc:
            degenerate = str(exc)
            break
        weights[dim] = sw
        vw = verify_weight(sw)
        v = _stamp_record("weight W_σ,d", vw, vw["routes"][-1], act.name, dim)
        js = sw.to_json()
        js["check"] = v
        js["latex_weight"] = tex.math(sw.weight)
        js["latex_low"] = tex.math(sw.low)
        js["latex_high"] = tex.math(sw.high)
        js["latex_constant"] = tex.math(sw.constant)
        js["radon_operator_latex"] = sw.radon_operator_latex
        wdata.append(js)
    claim = _compare_claim(act.name, gt, weights)
    omega = np.geomspace(0.05, 20, 200)
    plot = {"omega": omega.tolist(), "hat2": (np.abs(gt.evaluate(omega)) ** 2).tolist() if gt.regular != 0 else None,
            "W": {str(k): v.evaluate(omega).tolist() for k, v in weights.items()}}
    steps = [DerivationStep.from_step(s) for s in gt.steps]
    data = {"activation": act.name, "expression": sp.sstr(act.expr), "latex_expression": tex.math(act.expr),
            "latex_name": act.latex_name, "description": act.description,
            "transform": gt.to_json(), "transform_check": tcheck,
            "latex_regular": tex.math(gt.regular),
            "steps": [{"rule": s.rule, "detail": s.detail, "source": s.source, "latex": s.latex,
                       "result_latex": None if s.result is None else tex.math(s.result)} for s in steps],
            "weights": wdata, "degenerate": degenerate, "claim": claim, "plot": plot,
            "convention_latex": gt.convention.definition_latex()}
    return data


def _plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(12, 5))
    styles = ["-", "--", ":", "-."]
    for i, d in enumerate(rows):
        p = d["plot"]
        ls = styles[(i // 10) % len(styles)]
        w = np.asarray(p["omega"])
        if p["hat2"] is not None:
            y = np.asarray(p["hat2"])
            m = y > 1e-300
            axes[0].loglog(w[m], y[m], ls, label=d["activation"])
        for dim, ys in p["W"].items():
            if dim == "1":
                y = np.asarray(ys)
                m = np.isfinite(y) & (y > 0) & (y < 1e300)
                axes[1].loglog(w[m], y[m], ls, label=d["activation"])
    axes[0].set_title(r"$|\hat\sigma(\omega)|^2$ (angular convention)")
    axes[1].set_title(r"$W_{\sigma,1}(\omega)=1/|\hat\sigma(\omega)|^2$ ($d=1$; $W_{\sigma,d}=\omega^{d-1}W_{\sigma,1}$)")
    for ax in axes:
        ax.set_xlabel(r"$\omega$")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylim(1e-30, 1e6)
    axes[1].set_ylim(1e-6, 1e30)
    axes[0].legend(fontsize=7, ncol=2)
    axes[1].legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)


@dataclass
class BuildContext:
    """What a section generator gets: the derived rows, the dimensions, the cache and the code hash."""

    rows: list
    dims: tuple
    out: Path
    cache_dir: Path | None
    code: str
    jobs: int = 1


@dataclass(frozen=True)
class Section:
    """A part of the master document after the per-activation sections: ``make(ctx)`` returns the
    LaTeX of ``<name>.tex`` (or None to leave it out)."""

    name: str
    make: Callable[[BuildContext], "str | None"]


def _cached_text(ctx: BuildContext, name: str, make: Callable[[], str]) -> str:
    """``make()``, cached under the build's code hash and dimensions."""
    key = hashlib.sha256(json.dumps([CACHE_VERSION, ctx.code, name, list(ctx.dims)]).encode()).hexdigest()[:20]
    cfile = ctx.cache_dir / f"{name}-{key}.tex" if ctx.cache_dir else None
    if cfile is not None and cfile.exists():
        return cfile.read_text()
    text = make()
    if cfile is not None:
        cfile.parent.mkdir(parents=True, exist_ok=True)
        cfile.write_text(text)
    return text


def _reparam_section(ctx: BuildContext) -> str:
    """The Radon-spline reparameterization and adaptive-regime derivations (theory.reparam)."""
    from specbias.theory.reparam import document as reparam_document

    return _cached_text(ctx, "reparam", lambda: reparam_document(dims=tuple(ctx.dims)))


#: The sections after the per-activation ones, in document order.  Another part of the documents
#: is one more entry here.
def _spectral_bias_section(ctx: BuildContext) -> str:
    """Spectral bias in time (issue 11): derivations/spectral_bias_doc.py."""
    from .spectral_bias_doc import section_text

    names = [r["activation"] for r in ctx.rows]
    tag = hashlib.sha256("|".join(names).encode()).hexdigest()[:8]
    return _cached_text(ctx, f"spectral_bias-{tag}", lambda: section_text(names, jobs=ctx.jobs))


SECTIONS: list[Section] = [
    Section("reparam", _reparam_section),
    Section("spectral_bias", _spectral_bias_section),
]


def _derive_task(args):
    spec, dims = args
    return _derive_one(spec, dims)


def derive_all(names, dims, jobs: int = 1, progress: bool = False) -> dict:
    """{name: _derive_one(name, dims)} over ``jobs`` worker processes (one activation per task,
    submitted in catalogue order; the result does not depend on ``jobs``)."""
    from .parallel import map_ordered

    names = list(names)
    bar = None
    if progress and names:
        try:
            from tqdm import tqdm

            bar = tqdm(total=len(names), desc="deriving", unit="activation", file=sys.stderr)
        except ImportError:  # pragma: no cover
            bar = None
    res = map_ordered(_derive_task, [(n, tuple(dims)) for n in names], jobs,
                      on_done=None if bar is None else (lambda i: bar.update(1)))
    if bar is not None:
        bar.close()
    return dict(zip(names, res))


def tex_engine() -> str | None:
    for exe in ("latexmk", "pdflatex"):
        if shutil.which(exe):
            return exe
    return None


def compile_pdf(out: Path, engine: str | None = None) -> Path | None:
    """Run the TeX engine on ``out/specbias.tex``; the PDF's path, or None (with a warning)."""
    engine = engine or tex_engine()
    if engine is None:
        return None
    cmd = (["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet", "specbias.tex"]
           if engine == "latexmk" else ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "specbias.tex"])
    for _ in range(1 if engine == "latexmk" else 2):  # twice: the table of contents
        r = subprocess.run(cmd, cwd=out, capture_output=True, text=True)
    if r.returncode == 0:
        return out / "specbias.pdf"
    print(f"specbias: warning: {engine} failed; see {out / 'specbias.log'}", file=sys.stderr)
    return None


def build(activations=None, dims=(1, 2, 3), out: Path | None = None, pdf: bool | None = None,
          progress: bool = True, use_cache: bool = True, cache_dir: Path | None = None,
          sections: list | None = None, jobs: int = 1) -> dict:
    """Derive, verify and write the documents into ``out`` (default ``./specbias-build``);
    ``sections`` replaces :data:`SECTIONS` (the parts after the per-activation sections);
    ``jobs`` worker processes derive the activations (:func:`derive_all`)."""
    from specbias.core.activations import catalogue_names, get_activation

    out = Path(out) if out else Path.cwd() / DEFAULT_OUT
    names = list(activations) if activations else catalogue_names()
    for n in names:
        get_activation(n)  # typed error for unknown names before any work
    out.mkdir(parents=True, exist_ok=True)
    cache_dir = Path(cache_dir) if cache_dir else Path(os.environ.get("SPECBIAS_CACHE", ".specbias-cache"))
    code = _code_hash()
    keys = {n: hashlib.sha256(json.dumps([CACHE_VERSION, code, n, list(dims)]).encode()).hexdigest()[:20]
            for n in names}
    cached = {n: cache_dir / f"{n}-{keys[n]}.json" for n in names}
    hit = [n for n in names if use_cache and cached[n].exists()]
    derived = derive_all([n for n in names if n not in hit], dims, jobs=jobs, progress=progress)
    rows = []
    for n in names:
        if n in derived:
            data = derived[n]
            if use_cache:
                cache_dir.mkdir(parents=True, exist_ok=True)
                cached[n].write_text(json.dumps(data))
        else:
            data = json.loads(cached[n].read_text())
        rows.append(data)
        (out / f"{n}.tex").write_text(document.activation_section(data))
    hits = len(hit)
    md, summary_tex = document.summary_tables(rows)
    disagreements = [(d["activation"], d["claim"]) for d in rows if d["claim"]["status"] == "DISAGREES"]
    md_head = ("# specbias summary\n\nAngular convention f̂(ω) = ∫ f(t) e^{-iωt} dt; W_σ,d(ω) = ω^{d-1}/|σ̂(ω)|², "
               "C_d = 1/(4π(2π)^{2(d-1)}).  Max rel err: the derived formula against the independent numeric route "
               "(QAWF from the definition of σ) on ω ∈ [0.05, 20], at the float64-resolvable points.\n\n")
    if disagreements:
        md_head += "**Disagreements with THEORY.md:**\n\n" + "".join(
            f"- {a}: {'; '.join(c['notes'])}\n" for a, c in disagreements) + "\n"
    else:
        md_head += "Every derived σ̂ and W_σ,d agrees with THEORY.md §3's table (to 1e-12 at 9 points, ω ∈ [0.1, 8]).\n\n"
    (out / "summary.md").write_text(md_head + md)
    (out / "summary.tex").write_text(summary_tex)
    _plot(rows, out / "spectra.png")
    parts = [document.preamble(), r"\input{summary}",
             r"\begin{figure}[h]\centering\includegraphics[width=\textwidth]{spectra.png}"
             r"\caption{$|\hat\sigma|^2$ and $W_{\sigma,1}$ for the catalogue.}\end{figure}"]
    parts += [rf"\input{{{n}}}" for n in names]
    ctx = BuildContext(rows=rows, dims=tuple(dims), out=out, cache_dir=cache_dir if use_cache else None, code=code,
                       jobs=jobs)
    for section in SECTIONS if sections is None else sections:
        text = section.make(ctx)
        if text is not None:
            (out / f"{section.name}.tex").write_text(text)
            parts.append(rf"\input{{{section.name}}}")
    parts.append(r"\end{document}")
    (out / "specbias.tex").write_text("\n".join(parts) + "\n")
    pdf_path = None
    engine = tex_engine()
    if pdf is not False and engine:
        pdf_path = compile_pdf(out, engine)
    elif pdf:
        print("specbias: warning: no TeX engine found (install Debian's texlive-latex-base); PDF skipped",
              file=sys.stderr)
    return {"out": str(out), "activations": names, "dims": list(dims), "cache_hits": hits,
            "disagreements": disagreements, "pdf": None if pdf_path is None else str(pdf_path), "rows": rows}
