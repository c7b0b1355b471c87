"""`bp train` through typer's CliRunner: the lab's console lines, figures, and one-line errors.

With typer's own click, CliRunner keeps stderr apart (`result.stderr`) and also mixes
it into `result.output`; errors are checked on stderr, with stdout empty.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from typer.testing import CliRunner

from backprop.config import TrainConfig
from backprop.training import evaluate, train
from bp.main import app

EPOCH_LINE = re.compile(r"^epoch (\d+) loss : (\d+\.\d{5}) accuracy : (\d+\.\d{2})%$")
ITER_LINE = re.compile(r"^Iter(\d+) \|    Ground truth: ([01]\.0) \|    prediction: (\d\.\d{5}) \|$")
FINAL_LINE = re.compile(r"^loss=(\d+\.\d{5}) accuracy=(\d+\.\d{2})%$")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

XOR_FAST = ["--dataset", "xor", "--hidden", "10,10", "--lr", "0.5", "--print-every", "20", "--seed", "1"]


@pytest.fixture(autouse=True)
def in_temporary_directory(tmp_path, monkeypatch):
    """Nothing a command writes by default (figures, stores) may land in the repository."""
    monkeypatch.chdir(tmp_path)


def invoke(*args: str):
    return CliRunner().invoke(app, ["train", *args])


def test_prints_the_labs_lines():
    result = invoke(*XOR_FAST)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    epochs = [EPOCH_LINE.match(line) for line in lines if line.startswith("epoch ")]
    assert epochs and all(epochs), lines
    printed = [int(m.group(1)) for m in epochs]
    assert printed[0] == 1 and all(e % 20 == 0 for e in printed[1:-1])

    # The same run through the library: the last epoch line is where it stopped.
    config = TrainConfig(dataset="xor", hidden=(10, 10), lr=0.5, seed=1)
    run = train(config)
    assert run.history.target_epoch is not None
    assert printed[-1] == run.history.target_epoch
    assert f"reached 100.00% training accuracy at epoch {run.history.target_epoch}" in lines

    iters = [ITER_LINE.match(line) for line in lines if line.startswith("Iter")]
    assert len(iters) == 21 and all(iters)
    assert [int(m.group(1)) for m in iters] == list(range(1, 22))
    truth = np.array([float(m.group(2)) for m in iters])
    np.testing.assert_array_equal(truth, run.data.y_test[:, 0])
    predictions = np.array([float(m.group(3)) for m in iters])
    np.testing.assert_allclose(predictions, run.model.predict_proba(run.data.X_test)[:, 0], atol=5e-6)

    final = FINAL_LINE.match(lines[-1])
    assert final, lines[-1]
    loss, accuracy = evaluate(run.model, run.data.X_test, run.data.y_test, "mse")
    assert final.group(1) == f"{loss:.5f}" and final.group(2) == "100.00"


def test_held_out_split_is_reported():
    result = invoke("--dataset", "linear", "--n", "40", "--hidden", "5,5", "--epochs", "3", "--test-split", "0.25")
    assert result.exit_code == 0, result.output
    assert "held-out test points (10):" in result.stdout
    assert "test loss :" in result.stdout.splitlines()[0]
    assert sum(line.startswith("Iter") for line in result.stdout.splitlines()) == 10


def test_quiet_prints_nothing():
    result = invoke(*XOR_FAST, "--quiet")
    assert result.exit_code == 0
    assert result.output == ""


def test_out_writes_three_pngs(tmp_path):
    out = tmp_path / "figures"
    result = invoke("--dataset", "xor", "--hidden", "4,4", "--epochs", "5", "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert written == ["comparison.png", "decision_boundary.png", "learning_curve.png"]
    for path in out.iterdir():
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 1000


def test_divergence_is_a_one_line_runtime_error():
    result = invoke("--dataset", "xor", "--loss", "bce", "--activation", "none", "--lr", "1e100",
                    "--target-accuracy", "off", "--epochs", "50", "--quiet")
    assert result.exit_code == 1
    assert re.fullmatch(r"Error: training diverged at epoch \d+: .*\n", result.stderr)


def assert_bad_option(result, option: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error:") and option in lines[0], lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "option, value",
    [
        ("--dataset", "moons"),
        ("--activation", "softmax"),
        ("--loss", "hinge"),
        ("--init", "zeros"),
        ("--optimizer", "rmsprop"),
        ("--lr", "-1"),
        ("--lr", "0"),
        ("--lr", "inf"),
        ("--lr", "nan"),
        ("--lr", "abc"),
        ("--hidden", "0"),
        ("--hidden", "-3"),
        ("--hidden", "a"),
        ("--hidden", "10,,5"),
        ("--epochs", "0"),
        ("--target-accuracy", "1.5"),
        ("--batch-size", "many"),
        ("--test-split", "1"),
    ],
)
def test_bad_values_are_one_line_usage_errors(option, value):
    short = [] if option == "--epochs" else ["--epochs", "3"]  # should a bad value slip through
    assert_bad_option(invoke(option, value, *short), option)


CSV_CASES = {
    "missing": None,
    "wrong_columns": "0,0,0\n1,1\n",
    "non_numeric": "0,0,0\n1,one,1\n",
    "bad_label": "0,0,0\n1,1,3\n",
}


@pytest.mark.parametrize("case", list(CSV_CASES))
def test_bad_csv_files_are_one_line_dataset_errors(tmp_path, case):
    path = tmp_path / f"{case}.csv"
    if CSV_CASES[case] is not None:
        path.write_text(CSV_CASES[case])
    assert_bad_option(invoke("--dataset", str(path), "--epochs", "3"), "--dataset")


def test_a_good_csv_file_trains(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n0,0,0\n1,1,1\n0.1,0,0\n0.9,1,1\n")
    result = invoke("--dataset", str(path), "--hidden", "4", "--epochs", "5", "--lr", "0.5")
    assert result.exit_code == 0, result.output
    assert sum(line.startswith("Iter") for line in result.stdout.splitlines()) == 4
