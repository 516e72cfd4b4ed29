"""benchmarks/engine_coverage.py (issue 8's coverage figure) on a tiny sample: it runs, prints one strict
JSON object with the documented fields, and every activation is counted exactly once (verified or
a refusal by kind; no internal error)."""

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _strict(text):
    def bad(c):
        raise ValueError(f"non-JSON constant {c}")
    return json.loads(text, parse_constant=bad)


def test_coverage_script_json_fields_on_a_tiny_sample():
    n = 3
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "engine_coverage.py"), "--n", str(n), "--seed", "0",
                           "--budget", "10", "--sympy-budget", "0.5", "--json"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = _strict(proc.stdout)
    for key in ("n", "seed", "budget_s", "sympy_budget_s", "verified_fraction", "refusals", "internal_errors",
                "median_s", "max_s", "sympy", "rows"):
        assert key in out, key
    assert out["n"] == n and len(out["rows"]) == n
    assert out["internal_errors"] == 0
    verified = sum(r["outcome"] == "verified" for r in out["rows"])
    assert verified + sum(out["refusals"].values()) == n
    assert abs(out["verified_fraction"] - verified / n) < 1e-12
    assert 0 <= out["median_s"] <= out["max_s"]
    sy = out["sympy"]
    for key in ("outcomes", "answered_fraction", "agreement_with_verified", "median_s", "max_s"):
        assert key in sy, key
    assert sum(sy["outcomes"].values()) == n
    for r in out["rows"]:
        assert set(r) >= {"activation", "outcome", "seconds", "detail", "sympy", "sympy_agrees"}
