"""A tracking server that is gone: `bp train --track` says so in one line and exits 1, within a
bounded time, and the server keeps every epoch it acknowledged.

The server here is this module's own (SQLite behind it: what matters is the server going away),
since the test kills it; `bp` runs as a real process, as a user would run it.
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid

import pytest
from mlflow import MlflowClient

from . import mlflow_process
from .net import free_loopback_port

# How long `bp` may take to notice and exit once the server is gone. What it takes is bounded
# in tracking/http.py (about 10 s per request) and by the metric writer giving up after two
# failed writes in a row; a generous bound, since both cores may be busy.
EXIT_BOUND_S = 60
# Training long enough to still be running when the server dies: minutes of epochs, never
# reached when `bp` stops as it should.
EPOCHS = 400_000
# The reason in brackets is "connection refused" for a server that is gone; a request cut off
# as the server died could end on another connection error, so any reason passes.
LOST = re.compile(r"^Error: lost the tracking server at (\S+) \(([^()]+)\): run ([0-9a-f]{32}) "
                  r"stopped at epoch (\d+), with epochs 1 to (\d+) in the store$")


def bp_env() -> dict[str, str]:
    """This environment without a tracking URI or HTTP retry settings: `bp`'s own defaults."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_TRACKING_URI", "MLFLOW_HTTP_"))}
    env["MLFLOW_DISABLE_TELEMETRY"] = "true"
    return env


def bp_train(uri: str, experiment: str, cwd, epochs: int) -> subprocess.Popen:
    argv = [sys.executable, "-m", "bp", "train", "--track", "--tracking-uri", uri, "--experiment", experiment,
            "--dataset", "linear", "--epochs", str(epochs), "--target-accuracy", "off", "--print-every", "100000"]
    # Output to files: pipes left unread could fill and stall the process under test.
    with open(cwd / "stdout", "w") as out, open(cwd / "stderr", "w") as err:
        return subprocess.Popen(argv, cwd=cwd, env=bp_env(), stdin=subprocess.DEVNULL, stdout=out, stderr=err)


@pytest.fixture
def store(tmp_path):
    """A SQLite backend URI and the folder the server runs in; whatever server is left is stopped."""
    folder = tmp_path / "server"
    folder.mkdir()
    servers = []
    yield f"sqlite:///{(folder / 'mlflow.db').as_posix()}", folder, servers
    for server in servers:
        mlflow_process.stop(server)


def wait_for_acknowledged_epochs(client, experiment: str, process, deadline_s: float = 180) -> str:
    """The run's id, once the server holds some of its epochs; fails if `bp` ends first."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        assert process.poll() is None, "bp ended before the server was stopped"
        found = client.get_experiment_by_name(experiment)
        runs = client.search_runs([found.experiment_id]) if found else []
        if runs and client.get_metric_history(runs[0].info.run_id, "loss"):
            return runs[0].info.run_id
        time.sleep(0.5)
    pytest.fail(f"no epoch of the run reached the server within {deadline_s:.0f} s")


def test_server_stopped_mid_run(store, tmp_path):
    backend, folder, servers = store
    servers.append(mlflow_process.start(backend, folder))
    server, experiment = servers[0], f"lost-{uuid.uuid4().hex[:8]}"
    work = tmp_path / "work"
    work.mkdir()
    process = bp_train(server.uri, experiment, work, EPOCHS)
    try:
        run_id = wait_for_acknowledged_epochs(MlflowClient(server.uri), experiment, process)
        os.killpg(server.process.pid, signal.SIGKILL)  # a crash: no goodbye to the client
        server.process.wait()
        try:
            process.wait(timeout=EXIT_BOUND_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"bp still running {EXIT_BOUND_S} s after the server stopped")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    stderr = (work / "stderr").read_text()
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr
    (line,) = stderr.splitlines()  # the one line, nothing around it
    found = LOST.match(line)
    assert found, line
    assert found.group(1) == server.uri and found.group(3) == run_id
    stopped, acknowledged = int(found.group(4)), int(found.group(5))
    assert 1 <= acknowledged <= stopped < EPOCHS

    servers.append(mlflow_process.start(backend, folder))  # the same store, served again
    client = MlflowClient(servers[1].uri)
    assert client.get_run(run_id).info.status != "FINISHED"
    for key in ("loss", "accuracy"):
        steps = sorted(m.step for m in client.get_metric_history(run_id, key))
        # Every acknowledged epoch, once each, in one unbroken stretch from epoch 1 (a write the
        # server committed just before dying, unacknowledged, may add a few more).
        assert steps[:acknowledged] == list(range(1, acknowledged + 1))
        assert steps == list(range(1, len(steps) + 1))


def test_unreachable_server_before_training(tmp_path):
    uri = f"http://127.0.0.1:{free_loopback_port()}"  # nothing listens there
    process = bp_train(uri, "never", tmp_path, 100)
    try:
        process.wait(timeout=EXIT_BOUND_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"bp still running {EXIT_BOUND_S} s after being given an unreachable server")
    stderr = (tmp_path / "stderr").read_text()
    assert process.returncode == 1, stderr
    (line,) = stderr.splitlines()
    assert line.startswith(f"Error: cannot reach the tracking server at {uri}: ") and "refused" in line, line
    assert (tmp_path / "stdout").read_text() == ""  # nothing trained, nothing printed
    assert not (tmp_path / "mlruns").exists()  # and no local store made instead
