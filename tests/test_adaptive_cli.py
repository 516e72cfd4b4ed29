"""``specbias simulate adaptive``: JSON fields, figures, sweep, and exit code 2 on bad input."""

import json
import os

import numpy as np
import pytest

from specbias.derivations.cli import main

FAST = ["--width", "16", "--n", "12", "--steps", "400"]


def _run(capsys, *argv):
    rc = main(["simulate", "adaptive", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_json_fields_and_figures(capsys, tmp_path):
    rc, out, err = _run(capsys, "--activation", "relu", "--dim", "2", "--target", "disc_step", "--init-scale", "0.01",
                        *FAST, "--seed", "1", "--format", "json", "--out", str(tmp_path), "--sweep", "0.01,10",
                        "--sweep-seeds", "0,1", "--rs-flow-fraction", "0.5", "--no-rs-flow-gd")
    assert rc == 0

    def no_nan(x):
        raise ValueError(f"bare {x} in the JSON")

    r = json.loads(out, parse_constant=no_nan)  # strict JSON: no bare NaN / Infinity
    # the fields added by issue 13
    assert r["rs_flow"]["t_covered_fraction"] == pytest.approx(0.5)
    assert r["rs_flow"]["n_sliding"] >= 0 and r["rs_flow"]["method"] == "hybrid"
    assert r["rs_flow_max_err"] is not None and r["rs_flow_max_err"] <= 1e-6
    pp = r["pin_prediction"]
    for key in ("persistence_baseline", "balanced_accuracy", "new_pin_recall", "n_distinct_pairs"):
        assert key in pp
    for key in ("persistence_baseline", "balanced_accuracy", "new_pin_recall"):
        assert pp[key] is not None or key in pp["null_reasons"]
    assert r["sweep"][0]["stats"]["pinned_fraction"]["n"] == 2 and r["sweep"][0]["seeds"] == [0, 1]
    assert isinstance(r["sweep"][0]["pinned_fraction"], float)  # the old field keeps its type (now the mean)
    for key in ("pinned_fraction", "n_clusters", "pin_prediction_accuracy", "rs_flow_max_err", "train_loss"):
        assert key in r
    assert 0.0 <= r["pinned_fraction"] <= 1.0 and r["n_clusters"] >= 1 and r["train_loss"] >= 0
    assert [s["init_scale"] for s in r["sweep"]] == [0.01, 10.0]
    assert r["regimes_separate"]["largest_scale"] == 10.0
    for name in ("distances.png", "loss.png", "hyperplanes.png", "sweep.png", "result.json"):
        assert os.path.getsize(tmp_path / name) > 0
    assert json.loads((tmp_path / "result.json").read_text())["pinned_fraction"] == r["pinned_fraction"]


def test_text_output_1d_and_figure(capsys, tmp_path):
    rc, out, _ = _run(capsys, "--dim", "1", "--target", "random", *FAST, "--no-rs-flow", "--out", str(tmp_path))
    assert rc == 0 and "pinned fraction" in out
    assert os.path.getsize(tmp_path / "fit1d.png") > 0


def test_custom_data_file(capsys, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (10, 2))
    np.savez(tmp_path / "d.npz", X=X, y=X[:, 0] ** 2)
    rc, out, _ = _run(capsys, "--data", str(tmp_path / "d.npz"), *FAST, "--no-rs-flow", "--format", "json")
    assert rc == 0 and json.loads(out)["n"] == 10 and json.loads(out)["target"] == "custom"


def _nan_file(tmp_path):
    p = tmp_path / "nan.csv"
    p.write_text("0.1,0.2,1.0\nnan,0.3,0.0\n0.5,0.5,1.0\n")
    return str(p)


def _csv3(tmp_path):
    p = tmp_path / "three.csv"
    p.write_text("0.1,0.2,0.3,1.0\n0.4,0.3,0.1,0.0\n")
    return str(p)


BAD = {
    "width_zero": lambda t: ["--width", "0"],
    "width_negative": lambda t: ["--width", "-5"],
    "scale_zero": lambda t: ["--init-scale", "0"],
    "scale_negative": lambda t: ["--init-scale", "-0.1"],
    "scale_nan": lambda t: ["--init-scale", "nan"],
    "nan_data": lambda t: ["--data", _nan_file(t)],
    "dimension_mismatch": lambda t: ["--data", _csv3(t), "--dim", "2"],
    "unknown_target": lambda t: ["--target", "mnist"],
    "unknown_activation": lambda t: ["--activation", "relux"],
    "missing_data_file": lambda t: ["--data", str(t / "nope.npz")],
    "bad_sweep": lambda t: ["--sweep", "0.1,-1"],
    "bad_sweep_seeds": lambda t: ["--sweep", "0.1", "--sweep-seeds", "a,b"],
    "bad_rs_flow_fraction": lambda t: ["--rs-flow-fraction", "1.5"],
    "bad_lr": lambda t: ["--lr", "fast"],
    "negative_lr": lambda t: ["--lr", "-0.1"],
    "dim_zero": lambda t: ["--dim", "0"],
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_exit_code_2(capsys, tmp_path, case):
    rc, out, err = _run(capsys, *FAST, "--no-rs-flow", *BAD[case](tmp_path))  # BAD last: it wins
    assert rc == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("specbias: error:")
    assert "Traceback" not in err
