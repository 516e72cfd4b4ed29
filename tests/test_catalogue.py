"""The activation catalogue: metadata claims against what is derived, and user activations."""

import numpy as np
import pytest
import sympy as sp

from specbias.core.activations import CATALOGUE, T, get_activation, parse_activation, resolve_activation
from specbias.core.activations import _homogeneity, _parity, growth
from specbias.core.errors import (FreeVariableError, NotReal, NotTempered, ParameterError, ParseError,
                           UnknownActivation)

from _engine import gt_of


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_metadata_parity_and_homogeneity(name):
    act = get_activation(name)
    assert _parity(act.expr) == act.parity
    assert _homogeneity(act.expr) == act.homogeneity


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_metadata_growth(name):
    act = get_activation(name)
    assert growth(act.expr) == act.growth


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_metadata_pole_order_matches_engine(name):
    """THEORY.md §3: a 1/ω pole for step, sign, sigmoid, tanh, erf; 1/ω² for ReLU, softplus, GELU..."""
    assert gt_of(name).pole_order == get_activation(name).pole_order


def test_numeric_callable_matches_definition():
    x = np.linspace(-3, 3, 13)
    assert np.allclose(get_activation("relu").callable()(x), np.maximum(x, 0))
    assert np.allclose(get_activation("leaky_relu", a="0.1").callable()(x), np.where(x > 0, x, 0.1 * x))
    assert np.allclose(get_activation("sigmoid").callable()(x), 1 / (1 + np.exp(-x)))


@pytest.mark.parametrize("text, variable", [("t/(1+exp(-t))", "t"), ("x/(1+exp(-x))", "x"),
                                            ("Max(t, 0.1*t)", "t"), ("tanh(t/2)", "t")])
def test_user_activations_parse_in_any_variable(text, variable):
    act = parse_activation(text)
    assert act.expr.free_symbols == {T}
    f = sp.lambdify(T, act.expr, "mpmath")
    g = sp.lambdify(sp.Symbol(variable), sp.sympify(text), "mpmath")
    for v in (-1.7, 0.3, 2.2):
        assert abs(float(f(v)) - float(g(v))) < 1e-12


def test_combinations_of_catalogue_functions():
    act = parse_activation("relu(2*t) - 0.5*sigmoid(t - 1)")
    expected = 2 * T * sp.Heaviside(T) - sp.Rational(1, 2) / (1 + sp.exp(-(T - 1)))
    assert sp.simplify(act.expr - expected) == 0
    assert parse_activation("Max(t, 0.1*t)").homogeneity == 1


@pytest.mark.parametrize("text, error", [
    ("((t", ParseError), ("t +* 2", ParseError), ("foo", UnknownActivation),
    ("exp(t)", NotTempered), ("t*exp(t**2)", NotTempered), ("t + y", FreeVariableError),
    ("3", FreeVariableError), ("I*t", NotReal)])
def test_bad_user_input_raises_typed_errors(text, error):
    with pytest.raises(error):
        resolve_activation(text)


@pytest.mark.parametrize("name, params", [("elu", {"alpha": "-1"}), ("relu_pow", {"k": "2.5"}),
                                          ("leaky_relu", {"a": "1"}), ("relu", {"a": "1"}),
                                          ("elu", {"alpha": "abc"})])
def test_parameters_outside_domain(name, params):
    with pytest.raises(ParameterError):
        get_activation(name, **params)
