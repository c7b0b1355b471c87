"""A store folder moved or zipped and unpacked elsewhere keeps working: a student hands in a
store and a teacher verifies it, with every `bp` command that reads runs back."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pandas as pd
import pytest
from typer.testing import CliRunner

from bp.main import app
from tracking import open_store
from tracking.runs import get_run, load_pyfunc

from .stores import artifact_file

FAST = ["--hidden", "8,8", "--seed", "1", "--epochs", "300", "-q"]


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def handed_in(tmp_path):
    """Two runs tracked in tmp/a, then the folder moved to tmp/b: (store folder, run ids)."""
    uri = f"sqlite:///{tmp_path}/a/mlflow.db"
    run_ids = []
    for lr in ("0.5", "0.1"):
        result = invoke("train", "--track", "--tracking-uri", uri, "--lr", lr, *FAST)
        assert result.exit_code == 0, result.output
        run_ids.append(result.stdout.strip())
    shutil.move(tmp_path / "a", tmp_path / "b")
    assert not (tmp_path / "a").exists()
    return tmp_path / "b", run_ids


def stored_locations(db) -> list[str]:
    """Every artifact location the database records (experiments, runs, logged models)."""
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute(
            "SELECT artifact_location FROM experiments UNION ALL SELECT artifact_uri FROM runs"
            " UNION ALL SELECT artifact_location FROM logged_models"
        ).fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def test_a_moved_store_works_from_where_it_is(handed_in, tmp_path):
    folder, run_ids = handed_in
    uri = f"sqlite:///{folder}/mlflow.db"
    listed = invoke("runs", "--tracking-uri", uri)
    assert listed.exit_code == 0, listed.output
    assert all(run_id in listed.stdout for run_id in run_ids)

    reproduced = invoke("reproduce", run_ids[0], "--tracking-uri", uri)
    assert reproduced.exit_code == 0, reproduced.output
    assert "reproduced: identical" in reproduced.stdout
    redrawn = invoke("reproduce", run_ids[1][:6], "--figures-only", "--tracking-uri", uri, "--out", "redrawn")
    assert redrawn.exit_code == 0, redrawn.output
    assert len(list((tmp_path / "redrawn").glob("*.png"))) == 3
    compared = invoke("compare", *run_ids, "--tracking-uri", uri)
    assert compared.exit_code == 0, compared.output

    # Every location now names the new folder; none the old one.
    locations = stored_locations(folder / "mlflow.db")
    assert locations and all(loc.startswith((folder / "artifacts").as_uri() + "/") for loc in locations)
    store = open_store(uri, None)
    model = load_pyfunc(store, get_run(store, run_ids[0]))
    predicted = model.predict(pd.DataFrame({"x1": [0.0, 0.0], "x2": [0.0, 1.0]}))
    assert predicted["label"].tolist() == [0, 1]  # the lr 0.5 run reached 100% on XOR


def test_a_zipped_store_unpacked_elsewhere_reproduces(handed_in, tmp_path):
    folder, run_ids = handed_in
    archive = shutil.make_archive(str(tmp_path / "handed-in"), "zip", folder)
    shutil.rmtree(folder)
    shutil.unpack_archive(archive, tmp_path / "unpacked")
    uri = f"sqlite:///{tmp_path}/unpacked/mlflow.db"
    result = invoke("reproduce", run_ids[1], "--tracking-uri", uri)
    assert result.exit_code == 0, result.output
    assert "reproduced: identical" in result.stdout


@pytest.mark.skipif(os.name == "nt", reason="process groups")
def test_the_ui_serves_a_moved_stores_artifacts(handed_in, tmp_path):
    folder, run_ids = handed_in
    port = free_port()
    command = [sys.executable, "-m", "bp", "ui", "--tracking-uri", f"sqlite:///{folder}/mlflow.db", "--port", str(port)]
    log = open(tmp_path / "ui.log", "wb")
    # Own process group: the MLflow server forks workers, and the teardown must reach them all.
    ui = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/get-artifact?path=weights.npz&run_uuid={run_ids[0]}"
        body = _get_when_up(url, ui, tmp_path / "ui.log")
        assert body == artifact_file(folder, run_ids[0], "weights.npz").read_bytes()
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        try:
            ui.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)
            ui.wait()
        log.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_when_up(url: str, process: subprocess.Popen, log, timeout: float = 120.0) -> bytes:
    """The body at `url` once the server answers (it takes seconds to start)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"bp ui exited with {process.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except urllib.error.HTTPError as error:  # up, but refusing: no point waiting
            pytest.fail(f"bp ui answered {url} with HTTP {error.code}: {error.read()[:300]!r}")
        except OSError:  # not listening yet
            time.sleep(0.5)
    pytest.fail(f"bp ui did not answer {url} within {timeout:.0f} s")
