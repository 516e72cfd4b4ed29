"""No input string or parameter reaches eval: hostile inputs give exit 2 and execute nothing.

Three independent proofs for every hostile input: (1) the CLI exits 2 with one line on stderr;
(2) a sentinel file that the input would create if it were executed is never created; (3) during
the run, ``builtins.eval``/``exec`` and SymPy's string parser ``parse_expr`` are replaced by
functions that fail the test, so no path through them is taken.
"""

import builtins
import os

import numpy as np
import pytest
import sympy
import sympy.parsing.sympy_parser as sympy_parser
from hypothesis import given, settings
from hypothesis import strategies as st

from specbias.core.activations import get_activation, parse_activation, resolve_activation
from specbias.core.conventions import get_convention
from specbias.core.errors import ParameterError, ParseError, SpecbiasError
from specbias.core.parse import MAX_LENGTH, parse_expression, parse_number
from specbias.derivations.cli import main


#: substrings of the hostile inputs: a string reaching eval/exec/parse_expr with one of these in
#: it came from the user
_MARKERS = ("SENTINEL", "__import__", "__subclasses__", "getattr(t", "eval('", "eval(\"", "exec(\"", "exec('")


@pytest.fixture
def no_eval(monkeypatch, tmp_path):
    """Fail the test if user text reaches eval, exec or SymPy's string parser; cwd = tmp_path."""
    from specbias.derivations.cli import build_parser

    build_parser()  # import every command module before the traps are set
    calls = []

    def trap(name, orig):
        def f(*a, **k):
            text = a[0].decode(errors="replace") if a and isinstance(a[0], bytes) else a[0] if a else ""
            if isinstance(text, str) and any(m in text for m in _MARKERS):  # user text reached it
                calls.append(name)
                raise AssertionError(f"{name} was called on {a[:1]!r}")
            return orig(*a, **k)  # library code (imports, namedtuple, lambdify) passes
        return f

    monkeypatch.setattr(builtins, "eval", trap("eval", builtins.eval))
    monkeypatch.setattr(builtins, "exec", trap("exec", builtins.exec))
    monkeypatch.setattr(sympy_parser, "parse_expr", trap("parse_expr", sympy_parser.parse_expr))
    monkeypatch.chdir(tmp_path)
    yield calls
    assert not calls


def _hostile(sentinel: str) -> list[str]:
    s = sentinel
    return [
        f"__import__('os').system('touch {s}')",
        f"__import__('os').system('touch {s}') + t",
        f"t + exec(\"open('{s}', 'w')\")",
        f"exec(\"open('{s}', 'w')\")",
        "eval('t')",
        f"eval(\"open('{s}', 'w')\")",
        f"(lambda: open('{s}', 'w'))()",
        "t.__class__.__mro__[-1].__subclasses__()",
        "().__class__.__base__",
        f"open('{s}', 'w')",
        "getattr(t, '__class__')",
        "[t for t in ().__class__.__bases__]",
        "{'a': t}['a']",
        "t if 1 else 0",
        "t; import os",
        "import os",
        "f'{t}'",
        f"ｅｘｅｃ(\"open('{s}', 'w')\")",          # fullwidth letters: NFKC-normalized to exec by Python
        f"\u0435val('t')",                           # Cyrillic e
        "t\x00",
        "t\n+ __import__('os')",
        "Symbol('t')",
        "sympify('t')",
        "S('t')",
        "Lambda(t, t)(t)",
        "Function('f')(t)",
        "t.subs(t, 1)",
        "t[0]",
        "*t",
        "t @ t",
        "t ^ 2",
        "t < 1",
        "9**9**9*t",
        "10**10**10",
        "1e400*t",
        "t*" + "(" * 400 + "t" + ")" * 400,
        "exp(" * 100 + "t" + ")" * 100,
        "t" + "+t" * (MAX_LENGTH // 2),
        "_t + t",
        "__builtins__",
    ]


def _run(capsys, *argv):
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.mark.parametrize("i", range(len(_hostile("S"))))
def test_hostile_activation_strings_exit_2_and_execute_nothing(i, no_eval, tmp_path, capsys):
    sentinel = tmp_path / "SENTINEL"
    text = _hostile(str(sentinel))[i]
    for argv in (["transform", text, "--timeout", "20"], ["seminorm", text, "--dim", "1", "--timeout", "20"]):
        rc, out, err = _run(capsys, *argv)
        assert rc == 2, (text, rc, err)
        assert out == ""
        assert err.startswith("specbias: error:") and err.count("\n") == 1, err
        assert "Traceback" not in err
    assert not sentinel.exists()
    assert not (tmp_path / "S").exists()


@pytest.mark.parametrize("value", [
    "__import__('os').system('touch SENTINEL')", "exec('1')", "eval('2')", "1e400", "-1e400", "nan",
    "inf", "9**9**9", "2**100000", "t", "alpha", "1/0", "(lambda: 1)()", "'1'", "1j", "I", "",
])
def test_hostile_parameter_values_exit_2(value, no_eval, tmp_path, capsys):
    for argv in (["transform", "elu", "--param", f"alpha={value}"],
                 ["transform", "alpha*t*Heaviside(t)", "--param", f"alpha={value}"],
                 ["seminorm", "elu", "--dim", "2", "--param", f"alpha={value}"]):
        rc, out, err = _run(capsys, *argv)
        assert rc == 2, (argv, rc, err)
        assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "SENTINEL").exists()


def test_hostile_convention_and_verify(no_eval, tmp_path, capsys):
    rc, _, err = _run(capsys, "transform", "relu", "--convention", "__import__('os').system('touch SENTINEL'),1")
    assert rc == 2 and "convention" in err
    rc, _, err = _run(capsys, "verify", "__import__('os').system('touch SENTINEL')", "--dims", "1")
    assert rc == 2 and err.count("\n") == 1
    assert not (tmp_path / "SENTINEL").exists()


_ALPHABET = st.sampled_from(list("t()+-*/.,'\"_[]{}:;=<>@!~%&|^ ")
                            + ["__", "import", "os", "eval", "exec", "lambda", "open", "class", "1e400",
                               "9**9", "**", "sin", "exp", "relu", "Max", "getattr", "\\x00", "ｅ", "é",
                               "system", "subs", "Symbol", "sympify"])


@settings(max_examples=300)
@given(st.lists(_ALPHABET, min_size=1, max_size=30).map("".join))
def test_fuzz_hostile_strings_never_execute(text):
    """Random strings over a hostile alphabet: a typed error or an expression, never anything
    else (no SyntaxError, RecursionError, TypeError ...); eval/exec are trapped."""
    orig_eval, orig_exec = builtins.eval, builtins.exec
    called = []
    builtins.eval = lambda *a, **k: called.append("eval") if isinstance(a[0], str) else orig_eval(*a, **k)  # noqa: E731
    builtins.exec = lambda *a, **k: called.append("exec") if isinstance(a[0], str) else orig_exec(*a, **k)  # noqa: E731
    try:
        try:
            e = parse_expression(text)
            assert isinstance(e, sympy.Expr)
        except ParseError:
            pass
        try:
            parse_number(text)
        except ParseError:
            pass
    finally:
        builtins.eval, builtins.exec = orig_eval, orig_exec
    assert not called


def test_numbers_are_exact_and_bounded():
    assert parse_number("1.702") == sympy.Rational(851, 500)
    assert parse_number("0.1") == sympy.Rational(1, 10)
    assert parse_number("1e-3") == sympy.Rational(1, 1000)
    assert parse_number("sqrt(2)/2") == sympy.sqrt(2) / 2
    assert parse_number("2**-3") == sympy.Rational(1, 8)
    for bad in ("1e400", "1e-400", "9**9**9", "2**65", "10**" + "9" * 50, "1" * 41, "t", "nan", "inf"):
        with pytest.raises(ParseError):
            parse_number(bad)
    with pytest.raises(ParameterError):
        resolve_activation("elu", alpha="1e400")
    with pytest.raises(SpecbiasError):
        get_convention("__import__('os'),1")


def test_grammar_builds_the_same_expressions_as_before():
    """The whitelist covers what users type: catalogue calls, SymPy functions, decimals."""
    t = sympy.Symbol("t", real=True)
    got = parse_activation("relu(2*t) - 0.5*sigmoid(t - 1)").expr
    assert sympy.simplify(got - (2 * t * sympy.Heaviside(t) - sympy.Rational(1, 2) / (1 + sympy.exp(1 - t)))) == 0
    f = parse_activation("Max(x, 0.1*x)").callable()
    xs = np.array([-3.5, -1.0, -0.25, 0.5, 2.0])
    assert np.allclose(f(xs), np.maximum(xs, 0.1 * xs), rtol=1e-15, atol=0)  # float rounding only
    assert sympy.expand(parse_activation("t*Phi(t)").expr - t * (1 + sympy.erf(t / sympy.sqrt(2))) / 2) == 0
    # a long flat sum is parsed in chunks (Python's own parser recurses on it)
    assert parse_activation("t" + "+t" * 3000).expr == 3001 * t
    assert parse_activation(" 1.5*t" + "-0.25e-1*t" * 700).expr == sympy.Rational(3, 2) * t - sympy.Rational(35, 2) * t


def test_too_long_is_a_clean_parse_error():
    with pytest.raises(ParseError, match="longer than"):
        parse_expression("t+" * (MAX_LENGTH // 2 + 1) + "t")
