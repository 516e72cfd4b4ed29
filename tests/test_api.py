"""The public face: ``import specbias as sb``.

Expected values are closed forms computed by hand here (never by the code under test):
sigmoid σ̂(ω) = −iπ/sinh(πω) (Gradshteyn & Ryzhik 3.981), ReLU σ̂ = −1/ω², and for the ReLU in
d = 1, W = ω⁴ so ‖g‖²_σ = C_1·2π∫|g''|² = ½∫|g''|² = 3√π/(8s³) for g = e^{−x²/(2s²)}.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import specbias as sb

ROOT = Path(__file__).resolve().parent.parent


def test_import_is_light_and_names_resolve():
    code = ("import sys, specbias as sb; heavy = [m for m in ('sympy', 'numpy', 'scipy', 'mpmath') if m in sys.modules];"
            "print(heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"
    for name in sb.__all__:
        assert getattr(sb, name) is not None, name
    for name in ("transform", "spectral_weight", "numeric_transform", "seminorm", "radon", "verify", "Activation",
                 "get_convention", "SpecbiasError", "InputError", "__version__"):
        assert name in sb.__all__
    with pytest.raises(AttributeError):
        sb.not_a_name


def test_version_matches_pyproject():
    import tomllib

    assert sb.__version__ == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def _sigmoid_hat(w):
    return -1j * np.pi / np.sinh(np.pi * w)


@pytest.mark.parametrize("form", ["name", "string", "sympy", "activation"])
def test_every_function_accepts_every_activation_form(form):
    x = sp.Symbol("x")
    from specbias.core.activations import get_activation

    spec = {"name": "sigmoid", "string": "1/(1 + exp(-x))", "sympy": 1 / (1 + sp.exp(-x)),
            "activation": get_activation("sigmoid")}[form]
    if form == "activation":
        assert isinstance(spec, sb.Activation)
    w = np.array([0.3, 1.0, 2.5])
    exact = _sigmoid_hat(w)
    got = sb.transform(spec).evaluate(w)
    assert np.max(np.abs(got - exact) / np.abs(exact)) < 1e-13  # measured 2e-16
    num = sb.numeric_transform(spec, w)
    assert np.max(np.abs(num - exact) / np.abs(exact)) < 1e-10  # measured 6e-15 (QUADPACK)
    W = sb.spectral_weight(spec, dim=2).evaluate(w)
    assert np.max(np.abs(W - w / np.abs(exact) ** 2) / W) < 1e-13


def test_params_keyword_is_the_same_everywhere():
    # ELU with alpha = 2: σ̂ = 1/(iω)² + α(1/(1 − iω) − 1)/(iω)... checked through |σ̂|² = 1/ω⁴ (by hand:
    # σ'' = (1 − α)δ + α e^t H(−t), so σ̂ = [(1 − α) + α/(1 − iω)]/(iω)² and |σ̂| = 1/ω² for α = 2)
    p = {"alpha": 2}
    w = np.array([0.5, 2.0])
    assert np.allclose(np.abs(sb.transform("elu", params=p).evaluate(w)), 1 / w ** 2, rtol=1e-13)
    assert np.allclose(np.abs(sb.numeric_transform("elu", w, params=p)), 1 / w ** 2, rtol=1e-9)
    assert sp.simplify(sb.spectral_weight("elu", dim=1, params=p).weight - sp.Symbol("omega", positive=True) ** 4) == 0
    assert sb.verify("elu", dim=1, params=p, oracle=False).passed


def test_convention_keyword():
    # ordinary frequency, (a, b) = (0, -2π): σ̂(k) = σ̂_angular(2πk) for the sigmoid
    k = np.array([0.2, 0.7])
    got = sb.transform("sigmoid", convention="ordinary").evaluate(k)
    assert np.max(np.abs(got - _sigmoid_hat(2 * np.pi * k)) / np.abs(got)) < 1e-13
    a, b = sb.get_convention("0,-2*pi"), sb.get_convention("ordinary")
    assert (a.a, a.b) == (b.a, b.b)


def test_verify_returns_records_that_print():
    table = sb.verify("relu", dim=(1, 3), oracle=False)
    assert table.passed and len(table) == 3
    assert {c.quantity for c in table} == {"transform", "weight W_σ,d"}
    assert all(c.max_error < 1e-12 for c in table)  # σ̂ = −1/ω² exactly; measured ~1e-16
    html = table._repr_html_()
    assert html.startswith("<table>") and html.count("<tr>") == 4
    assert "\\begin{tabular}" in table._repr_latex_()
    json.dumps(table.to_json(), allow_nan=False)


def test_results_print_in_a_notebook():
    gt = sb.transform("relu")
    assert gt._repr_latex_().startswith("$") and "\\omega" in gt._repr_latex_()
    json.dumps(gt.to_json(), allow_nan=False)
    sw = sb.spectral_weight("relu", dim=2)
    assert "W" in str(sw)
    json.dumps(sw.to_json(), allow_nan=False)


@pytest.mark.parametrize("s", [0.8, 1.3])
def test_seminorm_relu_d1_closed_form(s):
    g = sb.GaussianMixture(weights=[1.0], centers=[[0.0]], widths=[s])
    res = sb.seminorm(g, "relu", dim=1, route="fourier")
    exact = 3 * math.sqrt(math.pi) / (8 * s ** 3)
    assert abs(res.value - exact) / exact < 1e-8  # measured ~1e-13 (relu: W is a polynomial)
    both = sb.seminorm(g, "relu", dim=1, route=["fourier", "oracle"])
    assert set(both) == {"fourier", "oracle"} and both.comparisons.passed
    assert abs(both["oracle"].value - exact) / exact < 1e-8
    json.dumps(both.to_json(), allow_nan=False)


def test_bad_input_gives_typed_errors():
    with pytest.raises(sb.UnknownActivation):
        sb.transform(42)
    with pytest.raises(sb.UnknownActivation):
        sb.transform("sigmod")
    with pytest.raises(sb.FreeVariableError):
        sb.transform(sp.Symbol("x") * sp.Symbol("y"))
    with pytest.raises(sb.NotTempered):
        sb.transform(sp.exp(sp.Symbol("x")))
    for d in (0, 1.5, True, "2"):
        with pytest.raises(sb.DimensionError):
            sb.spectral_weight("relu", dim=d)
    with pytest.raises(sb.InputError):
        sb.numeric_transform("relu", [1.0], route="nope")
    with pytest.raises(sb.InputError):
        sb.seminorm(sb.GaussianMixture([1.0], [[0.0]], [1.0]), "relu", dim=1, route=["fourier", "nope"])
    with pytest.raises(sb.ParameterError):
        sb.transform("elu", params={"alpha": -1})
