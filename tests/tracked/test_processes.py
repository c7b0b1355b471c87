"""Real `bp` processes: several writing to one new store at once, Ctrl-C, and `bp ui`."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tracking import open_store
from tracking.runs import find_runs, get_run, metric_history

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX signals")


def bp(*args: str, cwd) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bp", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_concurrent_processes_on_a_brand_new_store_all_land(tmp_path):
    # No template here: the processes race to create the store, its schema and the experiment.
    uri = f"sqlite:///{tmp_path}/fresh/mlflow.db"
    epochs = 300
    processes = [
        bp("train", "--track", "-q", "--tracking-uri", uri, "--hidden", "16,16", "--epochs", str(epochs),
           "--target-accuracy", "off", "--seed", str(seed), cwd=tmp_path)  # fmt: skip
        for seed in range(4)
    ]
    outcomes = [(p.wait(timeout=600), *p.communicate()) for p in processes]
    for code, out, err in outcomes:
        assert code == 0, err
        assert "locked" not in err
    run_ids = {out.strip() for _, out, _ in outcomes}
    store = open_store(uri, None)
    assert {run.info.run_id for run in find_runs(store)} == run_ids and len(run_ids) == 4
    for run_id in run_ids:
        assert get_run(store, run_id).info.status == "FINISHED"
        for key in ("loss", "accuracy"):
            assert metric_history(store, run_id, key)[0].tolist() == list(range(1, epochs + 1))
    assert len(store.client().search_experiments(filter_string="name = 'xor'")) == 1


def test_ctrl_c_kills_the_run_keeps_its_epochs_and_says_so_in_one_line(store_uri, tmp_path):
    process = bp("train", "--track", "--epochs", "1000000", "--target-accuracy", "off", "--print-every", "1", cwd=tmp_path)
    first = process.stdout.readline()  # "tracking run <id> ...": the run exists
    assert first.startswith("tracking run "), process.stderr.read()
    run_id = first.split()[2]
    while not process.stdout.readline().startswith("epoch 50 "):  # well into training
        pass
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130
    (line,) = err.strip().splitlines()
    assert line.startswith(f"Interrupted: run {run_id} marked KILLED after epoch ")
    last_epoch = int(line.split("after epoch ")[1].split(",")[0])
    assert last_epoch >= 50
    store = open_store(store_uri, None)
    assert get_run(store, run_id).info.status == "KILLED"
    assert metric_history(store, run_id, "loss")[0].tolist() == list(range(1, last_epoch + 1))


def test_ui_serves_the_same_store(store_uri, tmp_path):
    trained = bp("train", "--track", "-q", "--epochs", "2", "--target-accuracy", "off", cwd=tmp_path)
    assert trained.wait(timeout=300) == 0, trained.communicate()[1]
    run_id = trained.communicate()[0].strip()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ui = bp("ui", "--port", str(port), cwd=tmp_path)
    try:
        header, link = ui.stdout.readline(), ui.stdout.readline()
        assert header.startswith(f"MLflow UI for {store_uri} at http://127.0.0.1:{port}")
        assert link.strip().startswith(f"xor: http://127.0.0.1:{port}/#/experiments/")
        assert link.strip().endswith("/runs?workflowType=machine_learning")
        run = _get_json(f"http://127.0.0.1:{port}/api/2.0/mlflow/runs/get?run_id={run_id}", wait=120)
        assert run["run"]["info"]["status"] == "FINISHED"
    finally:
        ui.send_signal(signal.SIGINT)
        out, _ = ui.communicate(timeout=60)
    assert ui.returncode == 0
    assert out.strip().endswith("MLflow UI stopped.")


def _get_json(url: str, wait: float) -> dict:
    """GET `url`, retrying while the server starts."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.load(response)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
