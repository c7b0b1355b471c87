"""`bp` against the team server, over HTTP only: `bp train --track` stores a whole run (its
artifacts through the server's proxy), `bp compare` reads runs back, a sweep with two workers
lands every child, and eight `bp train --track` processes at once all land whole.

MLFLOW_TRACKING_URI names the server, as it would for a user of the compose setup.
"""

import os
import subprocess
import sys
import uuid

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from backprop.config import TrainConfig
from backprop.training import train
from bp.main import app
from tracking import names, open_store
from tracking.runs import get_run, load_network, load_pyfunc, load_weights, metric_history, run_config
from tracking.sweep import children, config_of

# XOR through 8x8 hidden units: lr 0.5 reaches 100% at epoch 170 (seed 1), lr 0.1 takes longer.
FAST = ["--dataset", "xor", "--hidden", "8,8", "--seed", "1"]
CONFIGS = {"0.5": TrainConfig(hidden=(8, 8), lr=0.5, seed=1), "0.1": TrainConfig(hidden=(8, 8), lr=0.1, seed=1)}
FIGURES = {f"{names.FIGURES_DIR}/{n}.png" for n in ("comparison", "learning_curve", "decision_boundary")}


def fresh(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"  # tests share the server: each its own experiment


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(autouse=True)
def on_the_server(mlflow_server, tmp_path, monkeypatch):
    """The server in MLFLOW_TRACKING_URI; each test in a folder of its own."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server.uri)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def trained(mlflow_server, tmp_path_factory):
    """(experiment, {lr: run id}, stdout of the first): two runs by `bp train --track`."""
    experiment, run_ids, outputs = fresh("train"), {}, []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLFLOW_TRACKING_URI", mlflow_server.uri)
        patch.chdir(tmp_path_factory.mktemp("train"))
        for lr in CONFIGS:
            result = invoke("train", *FAST, "--lr", lr, "--track", "--experiment", experiment)
            assert result.exit_code == 0, result.output
            run_line = [line for line in result.stdout.splitlines() if line.startswith("run ")][-1]
            run_ids[lr] = run_line.split()[1]
            outputs.append(result.stdout)
    return experiment, run_ids, outputs[0]


def test_train_track_stores_a_complete_run(trained, mlflow_server, tmp_path):
    experiment, run_ids, stdout = trained
    run_id, config = run_ids["0.5"], CONFIGS["0.5"]
    store = open_store(mlflow_server.uri, None)
    run = get_run(store, run_id)
    assert run.info.status == "FINISHED"
    assert store.client().get_experiment(run.info.experiment_id).name == experiment
    assert run_config(run) == config  # every parameter, read back, rebuilds the config

    # The same config trained here gives the same history: the store has each epoch once.
    expected = train(config)
    for key in ("loss", "accuracy"):
        steps, values = metric_history(store, run_id, key)
        assert steps.tolist() == list(range(1, expected.history.epochs + 1))
        assert values.tolist() == getattr(expected.history, key)
    assert run.data.metrics[names.TARGET_EPOCH] == expected.history.target_epoch

    # Artifacts went through the server's proxy, and come back through it.
    assert run.info.artifact_uri.startswith("mlflow-artifacts:/")
    client = store.client()
    listed = {a.path for a in client.list_artifacts(run_id)}
    assert {names.WEIGHTS, names.DATASET, names.TEST_REPORT, names.FIGURES_DIR} <= listed
    assert {a.path for a in client.list_artifacts(run_id, names.FIGURES_DIR)} == FIGURES
    on_server = {p.name for p in mlflow_server.artifacts_dir.rglob("*") if run_id in p.parts and p.is_file()}
    assert {names.WEIGHTS, names.DATASET, names.TEST_REPORT} <= on_server
    report = client.download_artifacts(run_id, names.TEST_REPORT, str(tmp_path))
    assert open(report).read().splitlines()[-1].startswith("loss=")
    weights = load_weights(store, run_id)
    for key, array in expected.model.state().items():
        np.testing.assert_array_equal(weights[key], array)

    # The pyfunc model (MLflow 3 keeps it under the experiment's models/) predicts like the weights.
    X = expected.data.X
    pyfunc = load_pyfunc(store, run)
    out = pyfunc.predict(pd.DataFrame(X, columns=["x1", "x2"]))
    np.testing.assert_allclose(out["probability"].to_numpy(), load_network(store, run).predict_proba(X)[:, 0],
                               rtol=0, atol=1e-15)  # fmt: skip
    assert f"open it: {mlflow_server.uri}/#/experiments/{run.info.experiment_id}/runs/{run_id}" in stdout


def test_compare_two_runs(trained):
    _, run_ids, _ = trained
    result = invoke("compare", run_ids["0.5"], run_ids["0.1"])
    assert result.exit_code == 0, result.output
    header, *lines = result.stdout.splitlines()
    assert header.split()[:2] == ["run", "lr"]  # the one setting in which they differ
    rows = {cells[0]: cells[1] for cells in map(str.split, lines) if cells}
    assert rows[run_ids["0.5"][:8]] == "0.5" and rows[run_ids["0.1"][:8]] == "0.1"
    for name in ("learning_curves_loss", "comparison_grid"):
        assert (open(f"compared/{name}.png", "rb").read(8)).startswith(b"\x89PNG")


def test_sweep_with_two_jobs_lands_every_child(mlflow_server):
    experiment = fresh("sweep")
    # The CLI the issue names, on 8x8 units so that the four children take seconds.
    result = invoke("sweep", "--dataset", "xor", "--lr", "0.1", "--lr", "0.01", "--seeds", "2", "--epochs", "50",
                    "--jobs", "2", "--hidden", "8,8", "--target-accuracy", "off", "--experiment", experiment)  # fmt: skip
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("parent run: ")]
    parent_id = line.split()[2]
    store = open_store(mlflow_server.uri, None)
    assert get_run(store, parent_id).info.status == "FINISHED"
    kids = children(store, parent_id)
    wanted = {TrainConfig(hidden=(8, 8), epochs=50, target_accuracy=None, lr=lr, seed=seed)
              for lr in (0.1, 0.01) for seed in (0, 1)}  # fmt: skip
    assert len(kids) == 4 and {config_of(run) for run in kids} == wanted
    for run in kids:
        assert run.info.status == "FINISHED"
        assert run.data.tags[names.PARENT_RUN] == parent_id
        for key in ("loss", "accuracy"):
            assert metric_history(store, run.info.run_id, key)[0].tolist() == list(range(1, 51))


def test_eight_processes_at_once_all_land_complete(mlflow_server, tmp_path):
    # They also race to create the experiment: none of them finds it there.
    experiment, epochs, count = fresh("concurrent"), 2000, 8
    env = {**os.environ, "MLFLOW_TRACKING_URI": mlflow_server.uri}
    argv = [sys.executable, "-m", "bp", "train", "--track", "--quiet", "--experiment", experiment,
            "--epochs", str(epochs), "--target-accuracy", "off"]  # fmt: skip
    outputs = [tmp_path / f"bp-{seed}" for seed in range(count)]
    processes = []
    for seed, out in enumerate(outputs):
        with open(f"{out}.out", "w") as stdout, open(f"{out}.err", "w") as stderr:
            processes.append(subprocess.Popen([*argv, "--seed", str(seed)], env=env, cwd=tmp_path,
                                              stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr))  # fmt: skip
    try:
        codes = [p.wait(timeout=900) for p in processes]  # a bound, not a measure: 2 cores, 8 processes
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
                p.wait()
    errors = [open(f"{out}.err").read() for out in outputs]
    assert codes == [0] * count, errors
    run_ids = [open(f"{out}.out").read().split()[-1] for out in outputs]
    store = open_store(mlflow_server.uri, None)
    assert len(set(run_ids)) == count
    for seed, run_id in enumerate(run_ids):
        run = get_run(store, run_id)
        assert run.info.status == "FINISHED" and run_config(run).seed == seed
        for key in ("loss", "accuracy"):
            assert metric_history(store, run_id, key)[0].tolist() == list(range(1, epochs + 1))
    experiment_id = store.client().get_experiment_by_name(experiment).experiment_id
    assert {r.info.experiment_id for r in (get_run(store, i) for i in run_ids)} == {experiment_id}
