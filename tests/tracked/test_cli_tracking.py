"""`bp train --track`, `bp runs` and `bp ui` through typer's CliRunner."""

from __future__ import annotations

import re
import socket

import pytest
from typer.testing import CliRunner

from bp.main import app
from tracking import open_store
from tracking.runs import find_runs, get_run

FAST = ["--hidden", "8,8", "--lr", "0.5", "--seed", "1", "--print-every", "1000"]
RUN_ID = re.compile(r"^[0-9a-f]{32}$")


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_track_prints_the_run_id_and_how_to_open_it(store_uri):
    result = invoke("train", "--track", *FAST)
    assert result.exit_code == 0, result.output
    store = open_store(store_uri, None)
    (run,) = find_runs(store)
    run_id = run.info.run_id
    lines = result.stdout.splitlines()
    assert lines[0] == f"tracking run {run_id} in experiment 'xor' of {store_uri}"
    assert f"run {run_id} (xor-sigmoid-8x8-sgd-lr0.5-s1) is in experiment 'xor'" in lines[-2]
    # MLFLOW_TRACKING_URI names the store, so plain `bp ui` opens it.
    assert lines[-1].startswith("open it: bp ui   (then http://127.0.0.1:5000/#/experiments/")
    assert lines[-1].endswith(f"/runs/{run_id}?workflowType=machine_learning)")
    assert run.info.status == "FINISHED"


def test_quiet_track_prints_the_run_id_alone(store_uri):
    result = invoke("train", "--track", "--quiet", *FAST)
    assert result.exit_code == 0, result.output
    assert RUN_ID.match(result.stdout.strip())
    assert get_run(open_store(store_uri, None), result.stdout.strip()).info.status == "FINISHED"


def test_tracking_uri_and_experiment_flags(tmp_path):
    uri = f"sqlite:///{tmp_path}/other/runs.db"
    result = invoke("train", "--track", "--tracking-uri", uri, "--experiment", "lab1", *FAST)
    assert result.exit_code == 0, result.output
    assert f"bp ui --tracking-uri {uri}" in result.stdout
    store = open_store(uri, None)
    assert [r.data.params["lr"] for r in find_runs(store, "lab1")] == ["0.5"]
    assert (tmp_path / "other" / "artifacts").is_dir()


def test_tracking_flags_need_track():
    result = invoke("train", "--experiment", "lab1")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: --experiment: only used with --track"


def test_store_that_cannot_be_written_fails_before_training(tmp_path):
    (tmp_path / "a_file").write_text("not a folder")
    result = invoke("train", "--track", "--tracking-uri", f"sqlite:///{tmp_path}/a_file/mlflow.db", *FAST)
    assert result.exit_code == 1
    assert result.stdout == ""  # not one epoch trained
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: cannot create the tracking store at ")


def test_unreachable_server_fails_before_training():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = invoke("train", "--track", "--tracking-uri", f"http://127.0.0.1:{port}", *FAST)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: cannot reach the tracking server at http://127.0.0.1:{port}")


def test_divergence_is_one_line_and_a_failed_run(store_uri):
    result = invoke("train", "--track", "--activation", "none", "--loss", "bce", "--lr", "1", "--target-accuracy", "off")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: training diverged at epoch") and line.endswith("(the run is marked FAILED)")
    (run,) = find_runs(open_store(store_uri, None))
    assert run.info.status == "FAILED"


def test_runs_lists_the_runs_as_a_table(store_uri):
    for seed in ("1", "2"):
        assert invoke("train", "--track", "-q", *FAST[:-4], "--seed", seed, "--epochs", "3").exit_code == 0
    result = invoke("runs")
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split()[:3] == ["run", "id", "name"]
    assert len(rows) == 2
    for row, seed in zip(rows, ("2", "1")):  # newest first
        cells = row.split()
        assert RUN_ID.match(cells[0])
        assert cells[1] == f"xor-sigmoid-8x8-sgd-lr0.5-s{seed}"
        assert cells[-1] == "FINISHED" and cells[-2] == "3"


def test_runs_of_an_unknown_experiment_is_one_line(store_uri):
    assert invoke("train", "--track", "-q", *FAST, "--epochs", "2").exit_code == 0
    result = invoke("runs", "--experiment", "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no experiment 'nope'") and "xor" in result.stderr


def test_runs_and_ui_refuse_a_store_that_is_not_there(tmp_path):
    for command in ("runs", "ui"):
        result = invoke(command, "--tracking-uri", f"sqlite:///{tmp_path}/missing/mlflow.db")
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: there is no tracking store at ")
    assert not (tmp_path / "missing").exists()


def test_ui_refuses_a_busy_port(store_uri):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke("ui", "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: port {port} on 127.0.0.1 is in use: choose another with --port"
