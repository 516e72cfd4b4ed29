"""The documents of ``specbias build``.

* The committed copies under derivations/generated/ match what the code generates (regenerate them
  with ``specbias build --out derivations/generated``).  The formulas and text must match exactly;
  the verification stamps are measured numbers (they may differ in the last digits across
  machines), so they are masked for the comparison and checked against the tolerance instead.
* No generated .tex contains Python syntax outside verbatim blocks (``**``, ``omega``, ``I*``,
  ``exp(``, a subscript typed as text ``x\\_j``, a caret printed as text).
* The PDF compiles without undefined references and without overfull boxes wider than 5 pt, where
  a TeX engine is installed (CI installs one).
* ``specbias build`` writes into ``--out``, by default ``./specbias-build``, never into the package.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from specbias.derivations import document
from specbias.derivations.build import GENERATED, build

STAMP = re.compile(r"(max rel\. err }) [0-9.]+\\times10\^\{-?\d+\}|(\| )[0-9.]+e[-+]\d+( \|)|\$[0-9.]+\\times10\^\{-?\d+\}\$")

#: Python syntax that must not reach a reader (outside verbatim blocks).
PYTHON = {
    "power **": re.compile(r"\*\*"),
    "omega as a word": re.compile(r"(?<![\\A-Za-z])omega\b"),
    "I* (SymPy's imaginary unit)": re.compile(r"(?<![A-Za-z\\])I\*"),
    "pi as a word": re.compile(r"(?<![\\A-Za-z])pi\b"),
    "function call exp(/sqrt(/Heaviside(": re.compile(r"(?<![\\A-Za-z])(exp|sqrt|Heaviside|DiracDelta|sinh|cosh|tanh)\("),
    "subscript typed as text": re.compile(r"(?<![A-Za-z\\])[A-Za-z0-9]\\_"),
    "caret typed as text": re.compile(r"\\textasciicircum|\\\^\{\}"),
    "engine dummy u_/s_": re.compile(r"\b[us]_(?![{A-Za-z0-9])"),
}
VERBATIM = re.compile(r"\\begin\{verbatim\}.*?\\end\{verbatim\}", re.S)


def python_syntax(tex: str) -> list[str]:
    body = VERBATIM.sub("", tex)
    return [f"{what}: …{body[max(0, m.start() - 30):m.end() + 30]}…" for what, rx in PYTHON.items()
            for m in rx.finditer(body)]


def _mask(text: str) -> str:
    return STAMP.sub("<stamp>", text)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    res = build(out=out, pdf=False, progress=False, use_cache=False)
    return out, res


@pytest.mark.slow
def test_documents_match_committed(fresh):
    out, res = fresh
    names = sorted(p.name for p in GENERATED.glob("*.tex")) + ["summary.md"]
    assert len(names) >= 17
    for name in names:
        committed = (GENERATED / name).read_text()
        generated = (out / name).read_text()
        assert _mask(generated) == _mask(committed), f"{name} is stale: run `specbias build --out derivations/generated`"


@pytest.mark.slow
def test_every_stamp_within_tolerance_and_no_disagreement(fresh):
    _, res = fresh
    assert res["disagreements"] == []
    for row in res["rows"]:
        assert row["transform_check"]["points"] > 0, row["activation"]
        assert row["transform_check"]["max_rel_err"] <= 1e-9, row["activation"]
        for w in row["weights"]:
            assert w["check"]["points"] > 0 and w["check"]["max_rel_err"] <= 1e-9, (row["activation"], w["dim"])


@pytest.mark.parametrize("path", sorted(GENERATED.glob("*.tex")), ids=lambda p: p.name)
def test_no_python_syntax_in_committed_tex(path):
    assert python_syntax(path.read_text()) == []


def test_the_syntax_check_sees_python():
    assert python_syntax(r"\item $\sigma$: 1/(exp(t) + 2 + exp(-t)) and -1/omega**2 (I*pi) e\_j") != []
    assert python_syntax(r"\begin{verbatim}x**2\end{verbatim} $\omega^{2} e^{-t}$ $x_{j}$") == []


# The engine's step texts (theory/fourier.py), each typeset as mathematics.
STEPS = [
    ("moment", "asymptotes: σ ~ t**2 (t→+∞), σ ~ t/100 (t→−∞)"),
    ("differentiation", "σ^(1) = 1/(exp(t) + 2 + exp(-t))"),
    ("differentiation", "σ^(2) = 2 δ(t) + -sqrt(2)*t**2*exp(-t**2/2)/(2*sqrt(pi))"),
    ("differentiation", "divide by (iω)^2"),
    ("moment", "point masses at ω = 0: (I*pi) δ'(ω), -pi δ(ω)"),
    ("point_spectrum", "oscillating terms t^m e^{iat} give point masses at ω = a: (I*pi) δ(ω + 1), (-I*pi) δ(ω - 1)"),
    ("moment", "check: pole part of σ̂ at ω = 0 is -2*I/omega, as the asymptotes predict"),
    ("linearity", "term t*Heaviside(-t)/100"),
    ("one_sided", "piece on t < 0: Laplace transform of exp(-u_) at s = -iω"),
    ("shift", "the piece starts at t = 1: a factor e^{-iω·1}"),
    ("exp_rational", "g is polynomial in t with coefficients rational in e^{2 t}; Mellin transform by residues"),
    ("shift", "a shifted argument: constants e^{b}, b ∈ {1, 2}, enter R; the poles move and the residues carry the phase"),
    ("scaling", "exponentials in κt with κ = 2: u = e^{κt} and F = (1/κ) M[R](-iω/κ)"),
]


@pytest.mark.parametrize("rule,detail", STEPS)
def test_steps_are_typeset_as_mathematics(rule, detail):
    from specbias.theory.fourier import RULES

    item = document.step_latex(rule, detail, r"- \frac{1}{\omega^{2}}", RULES.get(rule, ("", ""))[1])
    assert python_syntax(item) == []
    assert item.count("$") % 2 == 0


def test_point_masses_typeset():
    assert document.delta_latex("I*pi", 1) == r"i \pi\,\delta'(\omega)"
    assert document.delta_latex("-1", 0, "t") == r"-\delta(t)"
    assert document.delta_latex("1 + I", 3) == r"\left(1 + i\right)\,\delta^{(3)}(\omega)"


def test_build_writes_into_out_and_by_default_into_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in GENERATED.iterdir())
    res = build(["relu"], dims=(1,), pdf=False, progress=False, use_cache=False, sections=[])
    assert Path(res["out"]) == tmp_path / "specbias-build"
    assert {"relu.tex", "summary.md", "summary.tex", "specbias.tex", "spectra.png"} <= {p.name for p in (tmp_path / "specbias-build").iterdir()}
    assert sorted(p.name for p in GENERATED.iterdir()) == before
    assert python_syntax((tmp_path / "specbias-build" / "relu.tex").read_text()) == []


def _overfull(log: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", log) if float(m.group(1)) > 5.0]


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine (apt-get install texlive-latex-base)")
def test_committed_master_document_compiles(tmp_path):
    for f in GENERATED.iterdir():
        if f.suffix in (".tex", ".png"):
            shutil.copy(f, tmp_path / f.name)
    for _ in range(2):  # twice: the table of contents
        r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "specbias.tex"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300)
        errors = [ln for ln in r.stdout.splitlines() if ln.startswith("!")]
        assert r.returncode == 0, errors[:5]
    assert (tmp_path / "specbias.pdf").stat().st_size > 10_000
    log = (tmp_path / "specbias.log").read_text(errors="replace")
    assert "undefined" not in log.lower(), [ln for ln in log.splitlines() if "undefined" in ln.lower()][:5]
    assert _overfull(log) == []
