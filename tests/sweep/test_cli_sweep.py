"""`bp sweep` end to end against a temporary store, two worker processes at a time."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from backprop.config import TrainConfig
import tracking.parallel
from bp.main import app
from tracking import names, open_store
from tracking.runs import find_runs, get_run, metric_history
from tracking.sweep import children, config_of, load_spec

SMALL = ["--dataset", "xor", "--hidden", "8,8", "--epochs", "40", "--target-accuracy", "off"]
RUN_ID = re.compile(r"^[0-9a-f]{32}$")


def invoke(*args: str):
    return CliRunner().invoke(app, ["sweep", *args])


def parent_of(result) -> str:
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("parent run: ")]
    return line.split()[2]


def test_parent_and_children_linked_and_every_child_complete(store_uri):
    result = invoke(*SMALL, "--lr", "0.5", "--lr", "0.1", "--seeds", "2", "--jobs", "2")
    assert result.exit_code == 0, result.output
    store = open_store(store_uri, None)
    parent_id = parent_of(result)
    parent = get_run(store, parent_id)
    assert parent.info.status == "FINISHED"
    assert parent.data.tags[names.SWEEP_FINISHED] == "4" and parent.data.tags[names.SWEEP_FAILED] == "0"
    wanted = {TrainConfig(dataset="xor", hidden=(8, 8), epochs=40, target_accuracy=None, lr=lr, seed=seed)
              for lr in (0.5, 0.1) for seed in (0, 1)}  # fmt: skip
    kids = children(store, parent_id)
    assert {config_of(run) for run in kids} == wanted and len(kids) == 4
    for run in kids:
        assert run.info.status == "FINISHED"
        assert run.info.experiment_id == parent.info.experiment_id
        for key in ("loss", "accuracy"):
            assert metric_history(store, run.info.run_id, key)[0].tolist() == list(range(1, 41))
    # Nothing else in the store: the parent and its four children.
    assert {r.info.run_id for r in find_runs(store)} == {parent_id} | {r.info.run_id for r in kids}
    assert set(load_spec(store, parent_id).configs) == wanted
    # The compare table lists every child by its short id, and the counts close the output.
    for run in kids:
        assert run.info.run_id[:8] in result.stdout
    assert f"sweep {parent_id} FINISHED: 4 of 4 configurations finished" in result.stdout


def test_quiet_prints_the_parent_id_alone(store_uri):
    result = invoke(*SMALL, "--lr", "0.5", "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    assert RUN_ID.match(result.stdout.strip())
    assert len(children(open_store(store_uri, None), result.stdout.strip())) == 1


def test_a_diverging_configuration_is_a_failed_child_and_the_sweep_finishes(store_uri):
    result = invoke(*SMALL, "--loss", "bce", "--activation", "none", "--lr", "0.01", "--lr", "1e100", "--jobs", "2")
    assert result.exit_code == 0, result.output
    store = open_store(store_uri, None)
    parent = get_run(store, parent_of(result))
    assert parent.info.status == "FINISHED"
    assert parent.data.tags[names.SWEEP_FINISHED] == "1" and parent.data.tags[names.SWEEP_FAILED] == "1"
    by_lr = {config_of(run).lr: run for run in children(store, parent.info.run_id)}
    assert by_lr[0.01].info.status == "FINISHED"
    assert by_lr[1e100].info.status == "FAILED"
    assert by_lr[1e100].data.tags[names.FAILURE].startswith("training diverged at epoch ")
    assert re.search(r"lr=1e\+100: FAILED: training diverged at epoch \d+", result.stdout)
    assert "1 of 2 configurations finished, 1 failed" in result.stdout


def test_a_bad_value_is_one_line_and_nothing_is_written(tmp_path):
    uri = f"sqlite:///{tmp_path}/new/mlflow.db"
    result = invoke(*SMALL, "--lr", "0.1", "--lr", "-1", "--tracking-uri", uri)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --lr: ") and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "new").exists()
    result = invoke(*SMALL, "--seeds", "2", "--seed", "5", "--tracking-uri", uri)
    assert result.exit_code == 2 and result.stderr.startswith("Error: --seeds: ")
    result = invoke(*SMALL, "--jobs", "2", "--cluster", "tcp://127.0.0.1:1", "--tracking-uri", uri)
    assert result.exit_code == 2 and result.stderr.startswith("Error: --jobs: ")
    assert not (tmp_path / "new").exists()


def test_an_unreachable_cluster_is_one_line_before_anything_is_written(store_uri, monkeypatch):
    monkeypatch.setattr(tracking.parallel, "CONNECT_TIMEOUT", "2s")  # nothing listens on port 9
    result = invoke(*SMALL, "--lr", "0.5", "--cluster", "tcp://127.0.0.1:9")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(result.stderr.strip().splitlines()) == 1
    assert find_runs(open_store(store_uri, None)) == []


def test_resume_options_must_match_the_sweep(store_uri):
    first = invoke(*SMALL, "--lr", "0.5", "--lr", "0.1", "--jobs", "1")
    assert first.exit_code == 0, first.output
    parent_id = parent_of(first)
    result = invoke("--resume", parent_id, "--lr", "0.3")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"Error: --lr: sweep {parent_id} was started with lr 0.5, 0.1; "
                                     "leave the option out to resume it as it was")  # fmt: skip
    # The same options, or none: nothing left to train, and nothing is.
    again = invoke("--resume", parent_id, "--lr", "0.1", "--lr", "0.5", "--dataset", "xor")
    assert again.exit_code == 0, again.output
    assert f"resuming sweep {parent_id}: 2 of 2 configurations already have a FINISHED run" in again.stdout
    assert len(children(open_store(store_uri, None), parent_id)) == 2


def test_resume_of_something_else_is_one_line(store_uri):
    result = invoke("--resume", "0" * 32)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: no run {'0' * 32!r} in {store_uri}"
    trained = CliRunner().invoke(app, ["train", "--track", "--quiet", "--hidden", "4", "--epochs", "2"])
    run_id = trained.stdout.strip()
    result = invoke("--resume", run_id)
    assert result.exit_code == 1 and result.stderr.strip() == f"Error: run {run_id} is not a sweep's parent run"


def test_the_parent_keeps_the_grid_as_given(store_uri, tmp_path):
    result = invoke(*SMALL, "--hidden", "4", "--lr", "0.5", "--seeds", "2", "--jobs", "1")
    assert result.exit_code == 0, result.output
    store = open_store(store_uri, None)
    parent = get_run(store, parent_of(result))
    assert parent.data.tags[names.SWEEP_GRID] == "dataset: xor | hidden: 8,8, 4 | lr: 0.5 | epochs: 40 | target_accuracy: off | seed: 0, 1"
    from tracking.runs import download

    data = json.loads(Path(download(store, parent.info.run_id, names.SWEEP_FILE, tmp_path)).read_text())
    assert data["grid"]["seed"] == ["0", "1"] and len(data["configs"]) == 4
