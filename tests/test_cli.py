"""The CLI: JSON contracts, LaTeX output, and bad input (one line on stderr, exit code 2)."""

import json
import subprocess
import sys

import pytest
import sympy as sp

from specbias.derivations.cli import main


def run(capsys, *argv):
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_transform_json_contract(capsys):
    rc, out, _ = run(capsys, "transform", "relu", "--format", "json")
    assert rc == 0
    js = json.loads(out)
    for key in ("activation", "expression", "convention", "regular", "singular", "regularization", "verified"):
        assert key in js
    assert set(js["convention"]) >= {"a", "b"}
    omega = sp.Symbol("omega")
    assert sp.simplify(sp.sympify(js["regular"]) + 1 / omega ** 2) == 0
    assert js["regularization"] == "finite part"
    assert {"order", "coefficient"} <= set(js["singular"][0])
    v = js["verified"]
    assert v["points"] > 0 and v["max_rel_err"] <= 1e-9 and v["method"]


def test_transform_user_expression_and_params(capsys):
    rc, out, _ = run(capsys, "transform", "t/(1+exp(-t))", "--format", "json")
    js = json.loads(out)
    assert rc == 0 and js["verified"]["max_rel_err"] <= 1e-9
    rc, out, _ = run(capsys, "transform", "elu", "--param", "alpha=2", "--format", "json")
    assert rc == 0 and json.loads(out)["verified"]["max_rel_err"] <= 1e-9


def test_transform_other_convention(capsys):
    rc, out, _ = run(capsys, "transform", "step", "--convention", "ordinary", "--format", "json")
    js = json.loads(out)
    xi = sp.Symbol("omega")
    # ordinary frequency: F[H](ξ) = δ(ξ)/2 + 1/(2πiξ)   (Bracewell, The Fourier Transform, table)
    assert sp.simplify(sp.sympify(js["regular"]) - 1 / (2 * sp.pi * sp.I * xi)) == 0
    assert sp.sympify(js["singular"][0]["coefficient"]) == sp.Rational(1, 2)
    assert js["verified"]["max_rel_err"] <= 1e-9


def test_transform_latex_states_convention_and_regularization(capsys):
    rc, out, _ = run(capsys, "transform", "sigmoid", "--format", "latex")
    assert rc == 0
    assert "convention angular" in out and "principal value" in out and r"\operatorname{PV}" in out


def test_seminorm_json_contract(capsys):
    rc, out, _ = run(capsys, "seminorm", "relu", "--dim", "2", "--format", "json")
    js = json.loads(out)
    for key in ("activation", "dim", "convention", "weight", "constant", "null_space_degree",
                "low_frequency", "high_frequency", "verified"):
        assert key in js
    omega = sp.Symbol("omega")
    assert sp.simplify(sp.sympify(js["weight"]) - omega ** 5) == 0
    assert js["null_space_degree"] == 1
    rc, out, _ = run(capsys, "seminorm", "step", "--dim", "1", "--format", "json")
    assert json.loads(out)["null_space_degree"] == 0
    rc, out, _ = run(capsys, "seminorm", "gaussian", "--dim", "3", "--format", "json")
    assert json.loads(out)["null_space_degree"] == -1


@pytest.mark.parametrize("argv, needle", [
    (["transform", "((t"], "cannot parse"),
    (["transform", "nosuchthing"], "unknown activation"),
    (["transform", "exp(t)"], "not a tempered"),
    (["transform", "elu", "--param", "alpha=-1"], "outside its domain"),
    (["transform", "t*y"], "free variables"),
    (["transform", "relu", "--convention", "nonsense"], "convention"),
    (["seminorm", "relu", "--dim", "0"], "dimension"),
    (["seminorm", "sin", "--dim", "1"], "point masses"),
])
def test_bad_input_exit_2_one_line(capsys, argv, needle):
    rc, out, err = run(capsys, *argv)
    assert rc == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bad_input_from_a_real_process_has_no_traceback():
    r = subprocess.run([sys.executable, "-m", "specbias", "transform", "exp(t)"], capture_output=True, text=True)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and r.stderr.startswith("specbias: error:")
