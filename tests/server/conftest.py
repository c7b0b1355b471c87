"""The compose topology without Docker: a throwaway PostgreSQL and `mlflow server` in front of it.

Both are session-scoped: the server alone needs 10 to 40 s to start on 2 cores. Tests share it,
so each one works in an experiment of its own.
"""

import pytest

from . import mlflow_process, postgres


@pytest.fixture(scope="session")
def postgres_cluster():
    """A running PostgreSQL cluster on a free 127.0.0.1 port, password auth, database `mlflow`."""
    bindir = postgres.find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH, "
                    "in $PG_BINDIR or in /usr/lib/postgresql/*/bin")
    cluster = postgres.start(bindir)
    try:
        yield cluster
    finally:
        postgres.stop(cluster)


@pytest.fixture(scope="session")
def mlflow_server(postgres_cluster, tmp_path_factory):
    """`mlflow server` with the compose file's flags against `postgres_cluster`.

    Yields a `TrackingServer`; its `.uri` (http://127.0.0.1:PORT) is the tracking URI.
    """
    server = mlflow_process.start(postgres_cluster.backend_store_uri,
                                  tmp_path_factory.mktemp("mlflow-server"))
    try:
        yield server
    finally:
        mlflow_process.stop(server)
