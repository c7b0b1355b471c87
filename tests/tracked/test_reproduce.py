"""`bp reproduce`: a stored run retrained from its parameters comes back bit for bit, and a
stored run that was changed afterwards is caught, with where it parts."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from typer.testing import CliRunner

from backprop.config import TrainConfig
from backprop.data import dataset_points
from backprop.training import History
from bp.main import app
from tracking import names, open_store
from tracking.provenance import code_version
from tracking.reproduce import retraining_points
from tracking.runs import find_runs, get_run
from tracking.stored import StoredRun

from .stores import XOR_FAST, artifact_file, clone, make_store

PNG = b"\x89PNG\r\n\x1a\n"
FIGURES = {"comparison.png", "learning_curve.png", "decision_boundary.png"}


@pytest.fixture(scope="module")
def made(copy_store, tmp_path_factory):
    """A store folder with one XOR run (reaching its target at epoch 170) and one run on a
    CSV file that is gone since (as on another machine)."""
    folder = tmp_path_factory.mktemp("reproduce")
    csv = folder / "points.csv"
    rows = [f"{x:.3f},{y:.3f},{int(x > y)}" for x, y in np.random.default_rng(5).uniform(0, 1, (12, 2))]
    csv.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    csv_config = TrainConfig(dataset=str(csv), hidden=(4,), lr=0.5, epochs=40, target_accuracy=None, seed=2)
    run_ids = make_store(copy_store, folder, {"xor": XOR_FAST, "csv": csv_config})
    csv.unlink()
    return folder / "store", run_ids


@pytest.fixture
def handed(made, tmp_path, monkeypatch):
    """(folder, run ids): this test's own copy of the store, the one `bp` uses by default."""
    source, run_ids = made
    folder = tmp_path / "handed"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", clone(source, folder))
    return folder, run_ids


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def pngs(folder) -> set[str]:
    found = {p.name for p in folder.glob("*.png")}
    assert all(p.read_bytes().startswith(PNG) for p in folder.glob("*.png"))
    return found


def test_a_stored_run_reproduces_identically_with_its_figures(handed, tmp_path):
    folder, run_ids = handed
    run_id = run_ids["xor"]
    result = invoke("reproduce", run_id)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"run {run_id} (xor-sigmoid-8x8-sgd-lr0.5-s1), 170 epochs stored"
    assert lines[1] == "reproduced: identical"
    out = tmp_path / "reproduced" / run_id
    assert pngs(out) == FIGURES and pngs(out / "stored") == FIGURES
    assert result.stderr == ""  # same code version: no warning


def test_a_prefix_and_latest_name_the_run(handed):
    folder, run_ids = handed
    for ref, run_id in ((run_ids["xor"][:6], run_ids["xor"]), ("latest", run_ids["csv"])):
        result = invoke("reproduce", ref, "--figures-only", "--out", "figures")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"run {run_id} ")


def test_tampered_weights_are_caught(handed):
    folder, run_ids = handed
    weights = artifact_file(folder, run_ids["xor"], names.WEIGHTS)
    with np.load(weights) as stored:
        arrays = dict(stored)
    arrays["W2"][3, 4] += 1e-3
    np.savez(weights, **arrays)

    result = invoke("reproduce", run_ids["xor"], "--track")
    assert result.exit_code == 1, result.output
    assert "reproduced: DIFFERENT (weights differ by up to 0.001;" in result.stdout
    assert "histories part" not in result.stdout  # the metrics were not touched
    assert find_runs(open_store(None, None))[0].data.tags[names.VERDICT] == names.DIFFERENT

    within = invoke("reproduce", run_ids["xor"], "--atol", "0.01")
    assert within.exit_code == 0, within.output
    assert "reproduced: identical within atol 0.01" in within.stdout


def _tamper_metric(folder, run_id: str, key: str, step: int, change: float) -> None:
    """Change one stored value, in the history and (if it is the latest) in the run's summary."""
    connection = sqlite3.connect(folder / "mlflow.db")
    with connection:
        for table in ("metrics", "latest_metrics"):
            connection.execute(
                f"UPDATE {table} SET value = value + ? WHERE run_uuid = ? AND key = ? AND step = ?",
                (change, run_id, key, step),
            )
    connection.close()


def test_a_tampered_history_says_where_it_parts(handed):
    folder, run_ids = handed
    _tamper_metric(folder, run_ids["xor"], "loss", 57, 1e-9)
    result = invoke("reproduce", run_ids["xor"])
    assert result.exit_code == 1, result.output
    verdict = next(line for line in result.stdout.splitlines() if line.startswith("reproduced:"))
    assert verdict.startswith("reproduced: DIFFERENT (weights differ by up to 0;")
    assert "loss by up to 1e-09" in verdict and verdict.endswith("the histories part at epoch 57)")


def test_a_tampered_summary_is_caught(handed):
    folder, run_ids = handed
    _tamper_metric(folder, run_ids["xor"], names.TARGET_EPOCH, 170, 1)  # summary metrics are logged at the last epoch
    result = invoke("reproduce", run_ids["xor"])
    assert result.exit_code == 1, result.output
    assert "reproduced: DIFFERENT (target_epoch stored 171, retrained 170)" in result.stdout


def test_figures_only_does_not_train(handed, tmp_path, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("--figures-only trained")

    monkeypatch.setattr("backprop.training.train", no_training)
    monkeypatch.setattr("tracking.reproduce.train", no_training)
    folder, run_ids = handed
    result = invoke("reproduce", run_ids["csv"][:8], "--figures-only", "--out", "only")
    assert result.exit_code == 0, result.output
    assert "figures from the stored weights and metrics in only" in result.stdout
    assert pngs(tmp_path / "only") == FIGURES


def test_a_csv_file_that_is_gone_retrains_on_the_stored_points(handed):
    folder, run_ids = handed
    result = invoke("reproduce", run_ids["csv"])
    assert result.exit_code == 0, result.output
    assert "points.csv is not here: retraining on the run's stored points" in result.stdout
    assert "reproduced: identical" in result.stdout


def test_track_records_the_reproduction_beside_the_run(handed):
    folder, run_ids = handed
    result = invoke("reproduce", run_ids["xor"], "--track")
    assert result.exit_code == 0, result.output
    store = open_store(None, None)
    original = get_run(store, run_ids["xor"])
    newest = find_runs(store)[0]
    assert result.stdout.splitlines()[-1] == f"tracked as run {newest.info.run_id}, tagged bp.reproduces={run_ids['xor']}"
    assert newest.data.tags[names.REPRODUCES] == run_ids["xor"]
    assert newest.data.tags[names.VERDICT] == names.IDENTICAL
    assert newest.info.experiment_id == original.info.experiment_id
    assert newest.data.params == original.data.params


def test_another_code_version_reproduces_with_a_warning(handed):
    folder, run_ids = handed
    store = open_store(None, None)
    store.client().set_tag(run_ids["xor"], names.CODE_VERSION, "0123abc")
    result = invoke("reproduce", run_ids["xor"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        f"warning: run {run_ids['xor']} was made by code version 0123abc; this is code version {code_version()}"
    )


@pytest.mark.parametrize(
    "ref, message",
    [
        ("abc", "'abc' is not a run: give a run id, a prefix of one of at least 6 characters, or 'latest'"),
        ("0123456789", "no run id starts with 0123456789 in sqlite:///"),
        ("0" * 32, f"no run {'0' * 32} in sqlite:///"),
    ],
)
def test_a_run_argument_naming_nothing_is_a_one_line_usage_error(handed, ref, message):
    result = invoke("reproduce", ref)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {message}")
    assert result.stdout == ""


def test_a_run_that_did_not_finish_cannot_be_reproduced(handed):
    client = open_store(None, None).client()
    run = client.create_run(client.get_experiment_by_name("xor").experiment_id)
    client.log_param(run.info.run_id, "dataset", "xor")
    client.set_terminated(run.info.run_id, names.FAILED)
    result = invoke("reproduce", run.info.run_id)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: run {run.info.run_id} is FAILED and has no stored weights: only finished runs can be brought back"
    )


def test_figures_only_refuses_what_it_cannot_do(handed):
    folder, run_ids = handed
    result = invoke("reproduce", run_ids["xor"], "--figures-only", "--track")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: --track: there is nothing to compare with --figures-only"


def test_regenerated_points_that_differ_from_the_stored_ones_are_named():
    config = TrainConfig(dataset="linear", n=10, seed=3)
    X, y = dataset_points(config)
    y_changed = y.copy()
    y_changed[:2] = 1 - y_changed[:2]
    stored = StoredRun(run=None, config=config, weights={}, history=History(), points=(X + 0.25, y_changed))
    (X_used, y_used), notes = retraining_points(stored)
    assert np.array_equal(X_used, X) and np.array_equal(y_used, y)  # the config's own points, as it says
    assert notes == [
        "the points regenerated from the config differ from the run's dataset.npz (x by up to 0.25, 2 of 10 labels changed)"
    ]
    (X_same, _), none = retraining_points(StoredRun(None, config, {}, History(), (X.copy(), y.copy())))
    assert none == [] and np.array_equal(X_same, X)
