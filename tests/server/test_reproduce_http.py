"""`bp reproduce` and `bp compare` against a tracking server: everything comes back over HTTP
(runs, metric histories, artifacts through the server's artifact proxy), nothing from disk."""

import uuid

import pytest
from typer.testing import CliRunner

from backprop.config import TrainConfig
from bp.main import app
from tracking import train_tracked

# XOR through 8x8 hidden units at lr 0.5 reaches 100% at epoch 170 (seed 1): seconds to retrain.
CONFIG = TrainConfig(hidden=(8, 8), lr=0.5, seed=1)


@pytest.fixture(scope="module")
def served_run(mlflow_server, tmp_path_factory):
    """(server URI, run id, experiment): one run tracked over HTTP, in an experiment of its own."""
    experiment = f"reproduce-{uuid.uuid4().hex[:8]}"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("served"))
        patch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")
        run_id = train_tracked(CONFIG, tracking_uri=mlflow_server.uri, experiment=experiment).run_id
    return mlflow_server.uri, run_id, experiment


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    """Each test works in a folder of its own, with no store named by the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_figures_only_and_reproduce_over_http(served_run, tmp_path):
    uri, run_id, experiment = served_run
    redrawn = invoke("reproduce", run_id, "--figures-only", "--tracking-uri", uri, "--out", "redrawn")
    assert redrawn.exit_code == 0, redrawn.output
    assert {p.name for p in (tmp_path / "redrawn").glob("*.png")} == {
        "comparison.png", "learning_curve.png", "decision_boundary.png"
    }
    assert len(list((tmp_path / "redrawn" / "stored").glob("*.png"))) == 3

    retrained = invoke("reproduce", "latest", "--experiment", experiment, "--tracking-uri", uri)
    assert retrained.exit_code == 0, retrained.output
    assert retrained.stdout.startswith(f"run {run_id} ")
    assert "reproduced: identical" in retrained.stdout


def test_compare_over_http(served_run, tmp_path):
    uri, run_id, experiment = served_run
    result = invoke("compare", run_id[:8], "--tracking-uri", uri)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].split()[:2] == [run_id[:8], CONFIG.label]
    assert (tmp_path / "compared" / "comparison_grid.png").is_file()
