"""theory.reparam: every symbolic statement of THEORY.md §1 and §5 is proved by SymPy."""

import re

import pytest
import sympy as sp

from specbias.theory import reparam as R
from specbias.core.errors import DimensionError, InputError, SpecbiasError


@pytest.mark.parametrize("d", [1, 2, 3])
def test_symmetry_removal_relu(d):
    der = R.symmetry_removal(1, d)
    assert der.ok, der.to_text()
    assert der.data["ranks"] and all(r == d + 1 for r in der.data["ranks"])


@pytest.mark.parametrize("k", [0, 2, 3])
def test_symmetry_removal_other_degrees(k):
    der = R.symmetry_removal(k, 2)
    assert der.ok, der.to_text()


def test_jacobian_rank_and_kernel_directly():
    """Independent of the Derivation object: build J from the RSMap and check rank and kernel."""
    m = R.rs_map("relu", 3)
    J = m.jacobian()
    w1, w2, w3, b, v = m.params
    tangent = sp.Matrix([w1, w2, w3, b, -v])
    assert sp.simplify(J * tangent) == sp.zeros(5, 1)
    # at a generic rational point the rank is exactly d + 1 = 4
    pt = {w1: sp.Rational(1, 3), w2: -2, w3: sp.Rational(5, 7), b: sp.Rational(-3, 2), v: 2}
    assert J.subs(pt).rank() == 4
    # the non-homogeneous chart (u, τ, ρ, v) keeps every direction: rank d + 2
    Jt = R.rs_map("tanh", 3).jacobian()
    assert Jt.subs(pt).rank() == 5


@pytest.mark.parametrize("act", ["relu", "leaky_relu", "abs", "relu_pow", "step"])
def test_conserved_quantity_homogeneous(act):
    der = R.conserved_quantity(act, d=2, n=2)
    assert der.ok, der.to_text()
    assert any("dQ/dt = 0 identically" in c.name for c in der.checks)


def test_conserved_quantity_fails_for_tanh():
    der = R.conserved_quantity("tanh", d=2, n=2)
    assert der.ok  # every check (including "does not vanish") holds
    assert "not homogeneous" in der.summary


@pytest.mark.parametrize("act,d", [("relu", 1), ("relu", 2), ("relu", 3), ("tanh", 2), ("gelu", 1)])
def test_rs_flow_matches_theory(act, d):
    der = R.rs_flow(act, d=d, n=2)
    assert der.ok, der.to_text()
    assert der.disagreements == []


def test_pinning_condition():
    der = R.pinning(d=2, n=3)
    assert der.ok, der.to_text()


def test_tau_law():
    der = R.tau_law()
    assert der.ok, der.to_text()


@pytest.mark.parametrize("act,d", [("relu", 1), ("relu", 2), ("relu_pow", 2), ("tanh", 2), ("gelu", 1)])
def test_rs_map_round_trip(act, d):
    m = R.rs_map(act, d)
    assert all(c.ok for c in m.checks)
    assert m.homogeneous == (act in ("relu", "relu_pow"))
    assert m.render("json") and m.render("text") and m.to_latex()


def test_reports_render():
    der = R.pinning(d=2, n=2)
    for fmt in ("text", "latex", "json"):
        assert der.render(fmt)
    assert der._repr_latex_().startswith("$")


def _balanced(tex):
    depth = 0
    for ch in re.sub(r"\\[{}]", "", tex):
        depth += ch == "{"
        depth -= ch == "}"
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.slow
def test_document_is_a_latex_body():
    doc = R.document(dims=(1, 2))
    assert r"\documentclass" not in doc and r"\begin{document}" not in doc
    assert doc.isascii()  # pdflatex-safe without inputenc tricks
    assert doc.count(r"\section{") == 1 and doc.count(r"\subsection{") >= 8
    assert _balanced(doc)
    assert doc.count(r"\begin{equation}") == doc.count(r"\end{equation}")
    assert r"$\times$" not in doc and r"$\checkmark$" in doc  # no failed check mark
    assert "All checks passed." in doc


def test_bad_input():
    with pytest.raises(DimensionError):
        R.symmetry_removal(1, 0)
    with pytest.raises(DimensionError):
        R.rs_map("relu", 9)
    with pytest.raises(InputError):
        R.symmetry_removal(-1, 2)
    with pytest.raises(InputError):
        R.pinning(d=2, n=1)
    with pytest.raises(InputError):
        R.pinning(d=2, n=3, j=4)
    with pytest.raises(SpecbiasError):
        R.rs_flow("no_such_activation", d=2)
    with pytest.raises(InputError):
        R.conserved_quantity("relu", d=2, n=0)
