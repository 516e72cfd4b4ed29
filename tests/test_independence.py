"""numerics must never evaluate a formula that theory derived (DEVELOPERS guide), and theory never
uses numerics: the two sides share only specbias.core.

Checked on what is actually loaded: each module is imported in a fresh interpreter and
``sys.modules`` is inspected afterwards, so ``importlib.import_module`` or a lazy import inside a
function called at import time cannot bypass the rule.  A static pass over every ``import`` and
``importlib.import_module("...")`` string covers imports that happen only inside functions.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NUMERICS = sorted(p.stem for p in (ROOT / "numerics").glob("*.py") if p.stem != "__init__")
THEORY = sorted(p.stem for p in (ROOT / "theory").glob("*.py") if p.stem != "__init__")

_PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m.startswith("specbias."))))
"""


def _loaded(module: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE, module], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def _static_targets(path: Path) -> set[str]:
    """Every module named by an import statement or an import_module("...") literal in the file."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative: resolve against the file's package
                pkg = "specbias." + path.parent.name
                parts = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)]
                base = ".".join(parts + [node.module])
            names.add(base)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in
              ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
    return names


@pytest.mark.parametrize("name", NUMERICS)
def test_numerics_loads_no_theory(name):
    loaded = _loaded(f"specbias.numerics.{name}")
    assert f"specbias.numerics.{name}" in loaded
    bad = sorted(m for m in loaded if m.startswith("specbias.theory") or m.startswith("specbias.derivations"))
    assert not bad, f"importing specbias.numerics.{name} loads {bad}"


@pytest.mark.parametrize("name", THEORY)
def test_theory_loads_no_numerics(name):
    loaded = _loaded(f"specbias.theory.{name}")
    bad = sorted(m for m in loaded if m.startswith("specbias.numerics") or m.startswith("specbias.derivations"))
    assert not bad, f"importing specbias.theory.{name} loads {bad}"


@pytest.mark.parametrize("side,other", [("numerics", "theory"), ("theory", "numerics")])
def test_no_import_statement_crosses_sides(side, other):
    for path in sorted((ROOT / side).glob("*.py")):
        crossing = {m for m in _static_targets(path) if m.startswith(f"specbias.{other}") or m == other
                    or m.startswith(f"{other}.")}
        assert not crossing, f"{side}/{path.name} imports {sorted(crossing)}"


def test_core_depends_on_neither_side():
    for path in sorted((ROOT / "specbias" / "core").glob("*.py")):
        crossing = {m for m in _static_targets(path) if m.startswith(("specbias.theory", "specbias.numerics",
                                                                       "specbias.derivations"))}
        assert not crossing, f"core/{path.name} imports {sorted(crossing)}"


def test_the_probe_sees_a_crossing():
    """The sys.modules probe is not vacuous: the CLI does load both sides."""
    loaded = _loaded("specbias.derivations.verification")
    assert "specbias.derivations.verification" in loaded
    assert len(NUMERICS) >= 3 and len(THEORY) >= 3
