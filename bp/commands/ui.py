"""`bp ui`: the MLflow UI on 127.0.0.1, against the store `bp train --track` writes to."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from typing import Annotated, Optional

import typer

from bp.errors import Failure


def ui(
    tracking_uri: Annotated[Optional[str], typer.Option(help="Tracking store \\[default: $MLFLOW_TRACKING_URI, else sqlite:///mlruns/mlflow.db].")] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port on 127.0.0.1.")] = 5000,
    experiment: Annotated[Optional[str], typer.Option(help="Print the link to this experiment's runs only.")] = None,
):
    """Start the MLflow UI on 127.0.0.1 against the tracking store; Ctrl-C stops it.

    Prints links that open the model-training view (the runs table), one per experiment.
    """
    from bp.tracked import UI_HOST, open_tracking_store, ui_link

    store = open_tracking_store(tracking_uri, None, must_exist=True)
    if store.is_server:
        typer.echo(f"the tracking store is a server already: {ui_link(store.uri)}")
        return
    _check_port_free(port)
    base = f"http://{UI_HOST}:{port}"
    command = [
        sys.executable, "-m", "mlflow", "server",
        "--backend-store-uri", store.uri,
        "--default-artifact-root", store.artifact_root.as_uri(),  # experiments made in the UI: beside the db too
        "--host", UI_HOST, "--port", str(port),
        "--workers", "1",
    ]  # fmt: skip
    typer.echo(f"MLflow UI for {store.uri} at {base} (Ctrl-C to stop)")
    for name, experiment_id in _experiments(store, experiment):
        typer.echo(f"  {name}: {ui_link(base, experiment_id)}")
    # Its own process group: the server starts worker processes, and Ctrl-C (ours) must
    # stop all of them, not just the first. GenAI job workers are not needed to browse runs.
    environment = {"MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false", **os.environ}
    server = subprocess.Popen(command, env=environment, start_new_session=os.name != "nt")
    if os.name != "nt":
        # `kill`, or a closed terminal, must stop the server as Ctrl-C does: being in its
        # own process group, it would otherwise outlive us.
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _interrupt)
    try:
        code = server.wait()
    except KeyboardInterrupt:
        _stop(server)
        typer.echo("MLflow UI stopped.")
        return
    if code != 0:
        raise Failure(f"the MLflow server exited with code {code}")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop(server: subprocess.Popen) -> None:
    """Stop the server and every process it started; forcefully if it takes too long."""
    if os.name == "nt":  # pragma: no cover
        server.terminate()
    else:
        _signal_group(server, signal.SIGINT)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    if os.name != "nt":
        _signal_group(server, signal.SIGKILL)  # whatever of the group is left
    else:  # pragma: no cover
        server.kill()
    server.wait()


def _signal_group(server: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(server.pid, signum)
    except ProcessLookupError:
        pass


def _check_port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise Failure(f"port {port} on 127.0.0.1 is in use: choose another with --port") from None


def _experiments(store, only: str | None) -> list[tuple[str, str]]:
    """(name, id) of the experiments to link: `only`, or every one holding runs."""
    client = store.client()
    if only is not None:
        found = client.get_experiment_by_name(only)
        if found is None:
            raise Failure(f"no experiment {only!r} in {store.uri}")
        return [(found.name, found.experiment_id)]
    experiments = client.search_experiments()
    with_runs = [e for e in experiments if client.search_runs([e.experiment_id], max_results=1)]
    return [(e.name, e.experiment_id) for e in (with_runs or experiments)]
