"""A whitelist grammar for user text: activation expressions and parameter values.

Nothing here executes user text.  The string is parsed by :func:`ast.parse` (which builds a tree
and runs nothing), the tree is walked, and the SymPy expression is built node by node from the
allowed nodes only:

* numbers: integers and decimals (decimals become exact rationals, ``1.702 -> 851/500``), of
  bounded length and magnitude; ``1e400`` is refused, not rounded to infinity;
* names: the constants ``pi`` and ``E``, and free symbols (ASCII identifiers, no leading
  underscore): the one variable (``t``, ``x``, ...) and parameters fixed by ``--param``;
* ``+ - * / **`` and unary ``+ -``; the exponent of ``**`` must be a bounded rational number
  unless the base is a constant, so that ``9**9**9`` is refused *before* anything is computed;
* calls to whitelisted names only (:data:`FUNCTIONS` and the names the caller adds, such as the
  catalogue's ``relu``), with positional arguments only.

Attribute access, subscripts, lambdas, strings, comparisons, keywords, starred arguments,
comprehensions, f-strings, dunder names and non-ASCII text (which Python would NFKC-normalize
into identifiers) are refused with :class:`~specbias.core.errors.ParseError`.  The text length and
the nesting depth are bounded, and the tree is walked without recursion, so no input can raise
RecursionError.
"""

from __future__ import annotations

import ast
from fractions import Fraction
from typing import Callable, Mapping

import sympy as sp

from .errors import ParseError

__all__ = ["parse_expression", "parse_number", "FUNCTIONS", "MAX_LENGTH", "MAX_DEPTH",
           "MAX_EXPONENT", "MAX_DIGITS"]

#: longest accepted text (characters)
MAX_LENGTH = 8000
#: deepest accepted nesting of calls, powers and parentheses (chains of + and * are flattened)
MAX_DEPTH = 60
#: largest |p| and q of a rational exponent p/q
MAX_EXPONENT = 64
#: longest numeric literal (digits)
MAX_DIGITS = 40
#: bound on |x| and 1/|x| of every number literal, and on the size of constant results
MAX_MAGNITUDE = sp.Integer(10) ** 60
_MAX_BITS = 400  # numerator / denominator of a constant subexpression

_CONSTANTS = {"pi": sp.pi, "E": sp.E, "I": sp.I}  # I: the checks then refuse a complex σ


def _min(*a):
    return sp.Min(*a)


def _max(*a):
    return sp.Max(*a)


#: SymPy functions a user may call: name -> (callable, number of arguments (min, max))
FUNCTIONS: dict[str, tuple[Callable, tuple[int, int]]] = {
    "exp": (sp.exp, (1, 1)), "log": (sp.log, (1, 1)), "sqrt": (sp.sqrt, (1, 1)),
    "sin": (sp.sin, (1, 1)), "cos": (sp.cos, (1, 1)), "tan": (sp.tan, (1, 1)),
    "sinh": (sp.sinh, (1, 1)), "cosh": (sp.cosh, (1, 1)), "tanh": (sp.tanh, (1, 1)),
    "atan": (sp.atan, (1, 1)), "asinh": (sp.asinh, (1, 1)),
    "erf": (sp.erf, (1, 1)), "erfc": (sp.erfc, (1, 1)),
    "Abs": (sp.Abs, (1, 1)), "abs": (sp.Abs, (1, 1)), "sign": (sp.sign, (1, 1)),
    "Heaviside": (lambda x: sp.Heaviside(x), (1, 1)), "DiracDelta": (sp.DiracDelta, (1, 2)),
    "Max": (_max, (2, 8)), "Min": (_min, (2, 8)), "max": (_max, (2, 8)), "min": (_min, (2, 8)),
}

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


def _fail(text: str, why: str):
    shown = text if len(text) <= 60 else text[:57] + "..."
    raise ParseError(f"cannot parse {shown!r}: {why}")


def _number(node: ast.Constant, text: str) -> sp.Expr:
    v = node.value
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        _fail(text, f"only numbers are allowed as constants, not {type(v).__name__}")
    src = ast.get_source_segment(text, node) or repr(v)
    src = src.replace("_", "")
    digits = sum(ch.isdigit() for ch in src)
    if digits > MAX_DIGITS:
        _fail(text, f"number literal with more than {MAX_DIGITS} digits")
    if isinstance(v, int):
        out = sp.Integer(v)
    else:
        if v != v or v in (float("inf"), float("-inf")):
            _fail(text, f"number {src} is out of range")
        try:
            out = sp.Rational(Fraction(src))  # exact: 1.702 -> 851/500, 1e-3 -> 1/1000
        except (ValueError, ZeroDivisionError):
            out = sp.Rational(Fraction(v))
    if out != 0 and (abs(out) > MAX_MAGNITUDE or abs(out) < 1 / MAX_MAGNITUDE):
        _fail(text, f"number {src} is out of range (|x| must lie in [1e-60, 1e60])")
    return out


def _check_constant(e: sp.Expr, text: str) -> sp.Expr:
    if e.is_Rational and (e.p.bit_length() > _MAX_BITS or e.q.bit_length() > _MAX_BITS):
        _fail(text, "a constant subexpression is too large")
    return e


def _power(base: sp.Expr, expo: sp.Expr, text: str) -> sp.Expr:
    if expo.free_symbols:
        # a variable exponent: only a bounded constant base (b**t = exp(t log b))
        if base.free_symbols or not base.is_number:
            _fail(text, "an exponent containing the variable needs a constant base")
        return sp.Pow(base, expo)
    if not expo.is_Rational:
        try:
            q = sp.nsimplify(expo, rational=False)
        except Exception:  # pragma: no cover - defensive
            q = expo
        if not q.is_Rational:
            if expo.is_number and expo.is_real and abs(sp.N(expo, 15)) <= MAX_EXPONENT:
                return sp.Pow(base, expo)
            _fail(text, "exponent must be a bounded real number")
        expo = q
    if abs(expo.p) > MAX_EXPONENT or expo.q > MAX_EXPONENT:
        _fail(text, f"exponent {expo} is out of range (|p|, q <= {MAX_EXPONENT} for p/q)")
    if base.is_Rational and base != 0:
        bits = max(base.p.bit_length(), base.q.bit_length()) * abs(expo.p) // expo.q
        if bits > _MAX_BITS:
            _fail(text, "a constant power is too large")
    return _check_constant(sp.Pow(base, expo), text)


def _build(tree: ast.AST, text: str, calls: Mapping[str, tuple[Callable, tuple[int, int]]],
           symbols: dict) -> sp.Expr:
    """Post-order, non-recursive construction of the SymPy expression."""
    # stack of (node, depth, visited)
    stack: list = [(tree, 0, False)]
    values: dict[int, sp.Expr] = {}
    while stack:
        node, depth, visited = stack.pop()
        if depth > MAX_DEPTH:
            _fail(text, f"nesting deeper than {MAX_DEPTH}")
        if not visited:
            if isinstance(node, ast.Expression):
                stack.append((node, depth, True))
                stack.append((node.body, depth, False))
            elif isinstance(node, ast.BinOp):
                if type(node.op) not in _BINOPS:
                    _fail(text, f"operator {type(node.op).__name__} is not allowed")
                # chains of + - * / are flattened by Python's grammar as left-nested trees:
                # they do not count as nesting; ** does
                dd = depth + 1 if isinstance(node.op, ast.Pow) else depth
                stack.append((node, depth, True))
                stack.append((node.right, dd, False))
                stack.append((node.left, dd, False))
            elif isinstance(node, ast.UnaryOp):
                if not isinstance(node.op, (ast.USub, ast.UAdd)):
                    _fail(text, f"operator {type(node.op).__name__} is not allowed")
                stack.append((node, depth, True))
                stack.append((node.operand, depth + 1, False))
            elif isinstance(node, ast.Call):
                if not isinstance(node.func, ast.Name):
                    _fail(text, "only calls of plain function names are allowed")
                name = node.func.id
                if name not in calls:
                    _fail(text, f"unknown function {name!r}")
                if node.keywords:
                    _fail(text, "keyword arguments are not allowed")
                if any(isinstance(a, ast.Starred) for a in node.args):
                    _fail(text, "starred arguments are not allowed")
                lo, hi = calls[name][1]
                if not lo <= len(node.args) <= hi:
                    _fail(text, f"{name}() takes {lo if lo == hi else f'{lo} to {hi}'} argument(s), "
                                f"got {len(node.args)}")
                stack.append((node, depth, True))
                for a in reversed(node.args):
                    stack.append((a, depth + 1, False))
            elif isinstance(node, ast.Constant):
                values[id(node)] = _number(node, text)
            elif isinstance(node, ast.Name):
                name = node.id
                if name in _CONSTANTS:
                    values[id(node)] = _CONSTANTS[name]
                elif name in calls:
                    _fail(text, f"{name!r} is a function; call it, e.g. {name}(t)")
                elif name.startswith("_") or not name.isascii() or len(name) > 32:
                    _fail(text, f"name {name!r} is not allowed")
                else:
                    if name not in symbols:
                        symbols[name] = sp.Symbol(name, real=True)
                    values[id(node)] = symbols[name]
            else:
                _fail(text, f"{type(node).__name__} is not allowed "
                            "(only numbers, one variable, + - * / **, and calls of known functions)")
            continue
        # visited: combine children
        if isinstance(node, ast.Expression):
            values[id(node)] = values.pop(id(node.body))
        elif isinstance(node, ast.BinOp):
            a, b = values.pop(id(node.left)), values.pop(id(node.right))
            op = type(node.op)
            if op is ast.Add:
                out = a + b
            elif op is ast.Sub:
                out = a - b
            elif op is ast.Mult:
                out = a * b
            elif op is ast.Div:
                if b == 0:
                    _fail(text, "division by zero")
                out = a / b
            else:
                out = _power(a, b, text)
            values[id(node)] = _check_constant(out, text) if out.is_Rational else out
        elif isinstance(node, ast.UnaryOp):
            v = values.pop(id(node.operand))
            values[id(node)] = -v if isinstance(node.op, ast.USub) else v
        elif isinstance(node, ast.Call):
            args = [values.pop(id(a)) for a in node.args]
            fn = calls[node.func.id][0]
            try:
                out = fn(*args)
            except ParseError:
                raise
            except (TypeError, ValueError, ArithmeticError) as exc:
                _fail(text, f"{node.func.id}(): {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
            values[id(node)] = out
    return values[id(tree)]


def _balanced_add(a: ast.AST, b: ast.AST) -> ast.AST:
    return ast.BinOp(left=a, op=ast.Add(), right=b)


def _split_sum(text: str) -> list[str]:
    """Split ``text`` at its top-level binary + and - (outside parentheses), keeping the signs.
    Used only for long sums, whose left-nested tree is too deep for :func:`ast.parse`."""
    parts, depth, start = [], 0, 0
    prev = ""
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch in "+-" and depth == 0 and i > start:
            j = i - 1
            while j >= 0 and text[j] == " ":
                j -= 1
            p = text[j] if j >= 0 else ""
            binary = p.isalnum() or p in ")._"
            if binary and p in "eE":  # 1e-3: exponent of a number literal, not a sum
                k = j - 1
                while k >= 0 and (text[k].isdigit() or text[k] == "."):
                    k -= 1
                if k < j - 1 and (k < 0 or not (text[k].isalnum() or text[k] == "_")):
                    binary = False
            if binary:
                parts.append(text[start:i])
                start = i
        if ch != " ":
            prev = ch
    parts.append(text[start:])
    return parts  # "".join(parts) == text


def _tree(text: str) -> ast.Expression:
    if not isinstance(text, str):
        raise ParseError(f"expected a string, got {type(text).__name__}")
    if not text.strip():
        raise ParseError("empty expression")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"expression longer than {MAX_LENGTH} characters ({len(text)})")
    if not text.isascii():
        bad = next(ch for ch in text if not ch.isascii())
        raise ParseError(f"cannot parse {text[:60]!r}: non-ASCII character {bad!r} (U+{ord(bad):04X})")
    if any(ord(ch) < 32 and ch not in " \t" for ch in text):
        raise ParseError(f"cannot parse {text[:60]!r}: control character")
    try:
        return ast.parse(text.strip(), mode="eval")
    except RecursionError:
        # a very long flat sum: parse it in chunks of terms and add the chunks
        stripped = text.strip()
        terms = _split_sum(stripped)
        if len(terms) < 2:
            raise ParseError(f"cannot parse {text[:60]!r}: expression too deeply nested") from None
        chunks = ["".join(terms[i:i + 200]) for i in range(0, len(terms), 200)]
        body, offset = None, 0
        for c in chunks:
            lead = len(c) - len(c.lstrip())
            try:
                e = ast.parse(c.strip(), mode="eval").body
            except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
                raise ParseError(f"cannot parse {text[:60]!r}: expression too long or too deeply nested") from None
            for n in ast.walk(e):  # positions relative to the whole (one-line) text
                if hasattr(n, "col_offset"):
                    n.col_offset += offset + lead
                    n.end_col_offset += offset + lead
            offset += len(c)
            body = e if body is None else _balanced_add(body, e)
        tree = ast.Expression(body=body)
        return tree
    except (SyntaxError, ValueError, MemoryError, OverflowError) as exc:
        why = exc.msg if isinstance(exc, SyntaxError) and exc.msg else type(exc).__name__
        raise ParseError(f"cannot parse {text[:60]!r}: {why}") from None


def parse_expression(text: str, functions: Mapping[str, tuple[Callable, tuple[int, int]]] | None = None) -> sp.Expr:
    """The SymPy expression of ``text`` under the whitelist grammar.

    ``functions`` adds callable names (for instance the catalogue's activations) to
    :data:`FUNCTIONS`; each entry is ``name -> (callable, (min_args, max_args))``.
    Free symbols are real SymPy symbols named as in the text.
    """
    tree = _tree(text)
    calls = dict(FUNCTIONS)
    if functions:
        calls.update(functions)
    try:
        out = _build(tree, text.strip(), calls, {})
    except RecursionError:  # pragma: no cover - SymPy itself on a pathological input
        raise ParseError(f"cannot parse {text[:60]!r}: expression too deeply nested") from None
    if not isinstance(out, sp.Expr):
        raise ParseError(f"cannot parse {text[:60]!r}: not a scalar expression")
    return out


def parse_number(text) -> sp.Expr:
    """A real constant (``2``, ``1/3``, ``0.01``, ``sqrt(2)/2``, ``pi``) under the same grammar;
    exact (decimals become rationals); ParseError for anything else, including 1e400."""
    if isinstance(text, (int,)) and not isinstance(text, bool):
        text = str(text)
    elif isinstance(text, float):
        text = repr(text)
    elif isinstance(text, (sp.Integer, sp.Rational)):
        return sp.Rational(text)
    elif isinstance(text, Fraction):
        return sp.Rational(text.numerator, text.denominator)
    elif isinstance(text, sp.Expr) and text.is_number:
        text = sp.sstr(text)
    out = parse_expression(str(text) if not isinstance(text, str) else text)
    if out.free_symbols:
        raise ParseError(f"{text!r} is not a number (it contains {', '.join(sorted(map(str, out.free_symbols)))})")
    if not out.is_real or not out.is_finite:
        raise ParseError(f"{text!r} is not a finite real number")
    return out
