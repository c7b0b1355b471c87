"""The compose topology works: a client talking only HTTP stores a whole run in it.

Plain MlflowClient calls, so these check the server and its flags, not `bp`'s tracking layer.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from mlflow import MlflowClient
from mlflow.entities import Metric, Param

from . import compose
from .net import free_loopback_port

LOSSES = [0.25, 0.125, 0.0625]


@pytest.fixture
def client(mlflow_server):
    return MlflowClient(tracking_uri=mlflow_server.uri)


@pytest.fixture
def run(client, tmp_path):
    """A finished run in an experiment of its own: two params, a 3-step loss, one artifact."""
    experiment_id = client.create_experiment(f"smoke-{uuid.uuid4().hex[:8]}")
    run_id = client.create_run(experiment_id).info.run_id
    now = int(time.time() * 1000)
    client.log_batch(run_id, params=[Param("lr", "0.1"), Param("hidden", "100")],
                     metrics=[Metric("loss", v, now, step) for step, v in enumerate(LOSSES)])
    note = tmp_path / "note.txt"
    note.write_text(f"artifact of {run_id}\n")
    client.log_artifact(run_id, str(note))
    client.set_terminated(run_id)
    return run_id


def test_params_metrics_and_status_read_back(client, run):
    stored = client.get_run(run)
    assert stored.info.status == "FINISHED"
    assert stored.data.params == {"lr": "0.1", "hidden": "100"}
    history = client.get_metric_history(run, "loss")
    assert [(m.step, m.value) for m in history] == list(enumerate(LOSSES))


def test_the_run_is_stored_in_postgres(postgres_cluster, run):
    import psycopg2

    conn = psycopg2.connect(host=postgres_cluster.host, port=postgres_cluster.port,
                            user=postgres_cluster.user, password=postgres_cluster.password,
                            dbname=postgres_cluster.db)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT key, value FROM params WHERE run_uuid = %s", (run,))
            assert dict(cur.fetchall()) == {"lr": "0.1", "hidden": "100"}
    finally:
        conn.close()


def test_artifacts_go_through_the_server(client, mlflow_server, run, tmp_path):
    # With --serve-artifacts the run's artifact root is a proxy URI, not a path on this machine:
    # the client uploaded over HTTP and the server wrote the file into its artifacts destination.
    assert client.get_run(run).info.artifact_uri.startswith("mlflow-artifacts:/")
    assert [a.path for a in client.list_artifacts(run)] == ["note.txt"]
    on_server = [p for p in mlflow_server.artifacts_dir.rglob("note.txt") if run in p.parts]
    assert len(on_server) == 1
    downloaded = client.download_artifacts(run, "note.txt", str(tmp_path / "back"))
    assert open(downloaded).read() == f"artifact of {run}\n"


def _status_with_host(server, host: str) -> int:
    url = f"{server.uri}/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default"
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_compose_service_name_is_an_allowed_host(mlflow_server):
    # Containers on the compose network reach the server as http://mlflow:5000. MLflow's default
    # list (localhost, private IPs) refuses that Host header; --allowed-hosts must let it in.
    assert _status_with_host(mlflow_server, "mlflow:5000") == 200
    assert _status_with_host(mlflow_server, f"127.0.0.1:{mlflow_server.port}") == 200
    assert _status_with_host(mlflow_server, "attacker.example:5000") == 403


def _healthcheck_exit_code(port: int) -> int:
    """Run the compose file's MLflow healthcheck, aimed at `port` instead of the container's 5000."""
    kind, *argv = compose.service("mlflow")["healthcheck"]["test"]
    assert kind == "CMD" and argv[0] == "python" and "127.0.0.1:5000" in argv[-1]
    argv = [sys.executable, *(a.replace("127.0.0.1:5000", f"127.0.0.1:{port}") for a in argv[1:])]
    return subprocess.run(argv, capture_output=True, timeout=30).returncode


def test_the_compose_healthcheck_tells_up_from_down(mlflow_server):
    assert _healthcheck_exit_code(mlflow_server.port) == 0
    assert _healthcheck_exit_code(free_loopback_port()) != 0
