"""An `mlflow server` process started with the compose file's flags, for tests over HTTP."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import topology
from .net import free_loopback_port, http_ok

# A fresh server took 10 to 21 s to answer /health on an idle 2-core machine, and up to 36 s with
# its cores shared (migrations, then four workers each importing mlflow). The bound only decides
# when to give up and show the server's log.
STARTUP_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class TrackingServer:
    uri: str                # http://127.0.0.1:PORT, what MLFLOW_TRACKING_URI is set to
    port: int
    artifacts_dir: Path     # where --serve-artifacts stores what clients upload
    log_path: Path
    startup_s: float        # from spawn to the first 2xx on /health
    process: subprocess.Popen = field(repr=False, compare=False)


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start(backend_store_uri: str, workdir: Path) -> TrackingServer:
    """Start the server, wait until /health answers, and return it; on failure nothing is left."""
    port = free_loopback_port()
    artifacts_dir = workdir / "mlartifacts"
    artifacts_dir.mkdir(parents=True, exist_ok=True)
    argv = topology.server_command(host="127.0.0.1", port=port, backend_store_uri=backend_store_uri,
                                   artifacts_destination=str(artifacts_dir))
    # `python -m mlflow`, not the `mlflow` script first on PATH: the server must be the very
    # mlflow whose version test_compose.py compares with the compose image.
    argv = [sys.executable, "-m", "mlflow", *argv[1:]]
    log_path = workdir / "mlflow-server.log"
    began = time.perf_counter()
    with open(log_path, "wb") as log:
        # Own process group: uvicorn forks workers, and teardown must reach all of them.
        process = subprocess.Popen(argv, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_healthy(process, f"http://127.0.0.1:{port}/health", log_path)
    except BaseException:
        _kill_group(process)
        raise
    return TrackingServer(uri=f"http://127.0.0.1:{port}", port=port, artifacts_dir=artifacts_dir,
                          log_path=log_path, startup_s=time.perf_counter() - began,
                          process=process)


def _wait_healthy(process: subprocess.Popen, health_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mlflow server exited with {process.returncode} before answering "
                               f"{health_url}:\n{log_tail(log_path)}")
        if http_ok(health_url):
            return
        time.sleep(0.25)
    raise RuntimeError(f"mlflow server did not answer {health_url} within {STARTUP_TIMEOUT_S:.0f} s:"
                       f"\n{log_tail(log_path)}")


def _kill_group(process: subprocess.Popen) -> None:
    """SIGTERM the whole group (server and workers), then SIGKILL whatever is still in it."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    try:
        # The leader if it ignored SIGTERM, or a worker it left behind.
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def stop(server: TrackingServer) -> None:
    _kill_group(server.process)
