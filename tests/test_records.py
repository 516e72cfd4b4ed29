"""The shared records: DerivationStep and Comparison (quantity, routes, max error, tolerance,
points, skipped, passed), as ``specbias verify``, the build stamps and the API use them."""

import json
import math

import pytest

from specbias.core import latex as tex
from specbias.core.records import Comparison, ComparisonTable, DerivationStep
from specbias.derivations.checks import CheckRow


def test_comparison_passes_only_within_tolerance():
    assert Comparison("q", "relu", 1, ["a", "b"], 1e-12, 1e-9).passed
    assert not Comparison("q", "relu", 1, ["a", "b"], 2e-9, 1e-9).passed
    assert not Comparison("q", "relu", 1, ["a", "b"], math.nan, 1e-9).passed  # nothing compared: not a pass
    assert not Comparison("q", None, None, [], 0.0, 1.0, passed=False).passed  # explicit verdict wins


def test_verify_row_is_the_comparison_and_keeps_the_json_contract():
    assert CheckRow is Comparison
    row = CheckRow("transform", "relu", None, ["theory", "QAWF"], math.nan, 1e-9, 12, "detail")
    js = row.to_json()
    # the keys `specbias verify --format json` has always printed, plus `skipped`
    assert list(js) == ["check", "activation", "dim", "routes", "max_rel_err", "tolerance", "points", "detail",
                        "passed", "skipped"]
    assert js["max_rel_err"] is None and js["passed"] is False
    json.dumps(js, allow_nan=False)
    assert row.check == "transform" and math.isnan(row.max_rel_err)


def test_from_verification():
    v = {"max_rel_err": 3e-15, "points": 8, "method": "QUADPACK QAWO", "skipped": 4}
    c = Comparison.from_verification("weight W_σ,d", v, routes=["theory", "QAWF"], tolerance=1e-9, activation="tanh", dim=2)
    assert (c.points, c.skipped, c.passed, c.dim, c.detail) == (8, 4, True, 2, "QUADPACK QAWO")
    assert "4 skipped" in c.to_text()


def test_table_prints_as_html_latex_and_json():
    rows = ComparisonTable([Comparison("a<b", "relu", 1, ["x", "y"], 1e-15, 1e-9),
                            Comparison("c", None, 2, ["x"], math.inf, 1e-9)])
    assert not rows.passed
    html = rows._repr_html_()
    assert "a&lt;b" in html and html.count("<tr>") == 3
    assert rows._repr_latex_().count(r"\\") == 3
    assert json.loads(json.dumps(rows.to_json(), allow_nan=False))[1]["max_rel_err"] is None


def test_derivation_step_from_engine_step():
    from specbias.theory.fourier import fourier_transform

    steps = [DerivationStep.from_step(s) for s in fourier_transform("relu").steps]
    assert [s.rule for s in steps][:2] == ["moment", "differentiation"]
    assert all(s.source for s in steps)
    last = next(s for s in steps if s.result is not None)
    assert r"\Rightarrow" in last.to_latex()
    json.dumps([s.to_json() for s in steps], allow_nan=False)


@pytest.mark.parametrize("text,expected", [
    ("σ ~ t (t→+∞)", r"$\sigma$ $\sim$ t (t$\to$+$\infty$)"),
    ("x_j and x_ij", r"$x_{j}$ and $x_{ij}$"),
    ("leaky_relu", r"leaky\_relu"),
    ("(iω)^{k+1}", r"$(i\omega)^{k+1}$"),
    ("u·x_j", r"u$\cdot x_{j}$"),
    ("50% & #1", r"50\% \& \#1"),
    ("Gaussian exp(-t²/2)", r"Gaussian $e^{-t^{2}/2}$"),
    ("keeps $\\alpha$ math", r"keeps $\alpha$ math"),
])
def test_text_typesets_prose(text, expected):
    assert tex.text(text) == expected


def test_symbol_table_declares_every_character():
    decl = tex.unicode_declarations()
    for ch in tex.MATH_SYMBOLS:
        if ord(ch[0]) > 127:
            assert f"{{{ord(ch):04X}}}" in decl, ch
    assert tex.sci(6.1e-15) == r"6.1\times10^{-15}" and tex.sci(math.nan) == r"\mathrm{nan}"


def test_core_validation():
    from specbias.core.errors import DimensionError, InputError, ParameterError
    from specbias.core.validate import check_dim, check_positive

    assert check_dim(3) == 3 and check_dim(2, lo=2, hi=4) == 2
    for bad in (0, -1, 1.0, 2.5, True, "3", None):
        with pytest.raises(DimensionError):
            check_dim(bad)
    with pytest.raises(DimensionError):
        check_dim(5, hi=4)
    assert check_positive("0.5", "lr") == 0.5
    for bad in (0, -1e-3, math.nan, math.inf, "x", None):
        with pytest.raises(InputError):
            check_positive(bad, "lr")
    with pytest.raises(ParameterError):
        check_positive(-1, "width", error=ParameterError)
