"""The team tracking server's topology, written once.

`docker-compose.yml` and the test fixtures both start `mlflow server` in front of PostgreSQL.
The fixtures build their command line here, and `test_compose.py` checks that the compose file's
command is exactly this one with the container's values filled in, so the two cannot drift apart.
"""

# psycopg2 is named explicitly: SQLAlchemy 2.1 reads a bare `postgresql://` as psycopg 3, which
# neither the test extra nor every image ships.
BACKEND_SCHEME = "postgresql+psycopg2"

# The server checks the Host header (403 "Invalid Host header" otherwise). `mlflow` is the compose
# service name, used by containers on the compose network; the other two are what a browser or
# `bp` on the host sends through the 127.0.0.1 port binding.
ALLOWED_HOSTS = "mlflow:*,localhost:*,127.0.0.1:*"

# What the compose file uses inside its network; the fixtures substitute their own values.
COMPOSE_HOST = "0.0.0.0"
COMPOSE_PORT = 5000
COMPOSE_ARTIFACTS = "/mlartifacts"
COMPOSE_DB_HOST = "postgres"
COMPOSE_DB_PORT = 5432


def backend_store_uri(user: str, password: str, host: str, port: int | str, db: str) -> str:
    """SQLAlchemy URL of the PostgreSQL database that holds runs, params and metrics.

    The password goes into the URL as is: keep it to URL-safe characters (letters, digits, `-_.~`).
    """
    return f"{BACKEND_SCHEME}://{user}:{password}@{host}:{port}/{db}"


def server_command(*, host: str, port: int | str, backend_store_uri: str,
                   artifacts_destination: str) -> list[str]:
    """argv of the tracking server: PostgreSQL for metadata, artifacts proxied by the server.

    With `--serve-artifacts`, new experiments get `mlflow-artifacts:/` locations, so clients upload
    and download artifacts over HTTP and never need access to the artifact volume themselves.
    """
    return [
        "mlflow", "server",
        "--host", host,
        "--port", str(port),
        "--backend-store-uri", backend_store_uri,
        "--serve-artifacts",
        "--artifacts-destination", artifacts_destination,
        "--allowed-hosts", ALLOWED_HOSTS,
    ]
