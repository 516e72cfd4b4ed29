"""Every script in examples/ runs, in a temporary directory, as a user would run it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.py"))


def test_there_are_examples():
    assert [p.name for p in EXAMPLES], "examples/ is empty"


@pytest.mark.slow
@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(script, tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg", "SPECBIAS_CACHE": str(tmp_path / "cache")}
    r = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Traceback" not in r.stderr
    if script.name == "quickstart.py":
        assert (tmp_path / "spectra.png").stat().st_size > 10_000
        # the three seminorm routes against the closed form printed by the script
        diffs = [float(line.split()[-1]) for line in r.stdout.splitlines() if "relative difference to the closed form" in line]
        assert len(diffs) == 3 and max(diffs) < 1e-4, diffs  # measured: 4.0e-06 (FFT), 5e-13, 1.4e-11
