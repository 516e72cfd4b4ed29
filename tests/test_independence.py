"""numerics must never evaluate a formula that theory derived (DEVELOPERS guide)."""

import ast
from pathlib import Path

import pytest

ALLOWED = {"theory.errors", "theory.conventions", "theory.activations", "theory.report"}  # report: printing only
NUMERICS = sorted((Path(__file__).parent.parent / "numerics").glob("*.py"))


@pytest.mark.parametrize("path", NUMERICS, ids=lambda p: p.name)
def test_numerics_imports_only_definitions_from_theory(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "theory":
            mods = {node.module} if node.module != "theory" else {f"theory.{a.name}" for a in node.names}
            assert mods <= ALLOWED, f"{path.name} imports {mods - ALLOWED}"
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("theory"):
                    assert a.name in ALLOWED, f"{path.name} imports {a.name}"


def test_there_are_numerics_modules():
    assert len(NUMERICS) >= 3
