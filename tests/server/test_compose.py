"""docker-compose.yml runs what the server tests run, and exposes nothing beyond this host.

Docker is not needed: the file is parsed and compared with `topology`, the installed mlflow and
pyproject.toml. test_server_smoke.py then proves that very command line works against PostgreSQL.
"""

import tomllib
from importlib.metadata import version

import pytest
from packaging.requirements import Requirement

from . import compose, topology

# The values the compose file gives the shared command line, inside its network.
COMPOSE_BACKEND_URI = topology.backend_store_uri(
    "${POSTGRES_USER}", "${POSTGRES_PASSWORD}", topology.COMPOSE_DB_HOST,
    topology.COMPOSE_DB_PORT, "${POSTGRES_DB}")


def test_mlflow_image_is_the_installed_and_required_mlflow_with_drivers():
    installed = version("mlflow")
    pyproject = tomllib.loads((compose.ROOT / "pyproject.toml").read_text())
    required = next(Requirement(d) for d in pyproject["project"]["dependencies"]
                    if Requirement(d).name == "mlflow")
    assert required.specifier.contains(installed), (installed, str(required))
    # `-full`: the plain image has no PostgreSQL driver.
    assert compose.service("mlflow")["image"] == f"ghcr.io/mlflow/mlflow:v{installed}-full"


def test_server_command_is_the_one_the_tests_run():
    expected = topology.server_command(
        host=topology.COMPOSE_HOST, port=topology.COMPOSE_PORT,
        backend_store_uri=COMPOSE_BACKEND_URI, artifacts_destination=topology.COMPOSE_ARTIFACTS)
    assert compose.service("mlflow")["command"] == expected


def test_artifacts_and_database_live_in_named_volumes():
    spec = compose.load()
    named = set(spec["volumes"])
    mounts = {"mlflow": topology.COMPOSE_ARTIFACTS, "postgres": "/var/lib/postgresql/data"}
    for name, target in mounts.items():
        sources = [v.split(":")[0] for v in spec["services"][name]["volumes"]
                   if v.split(":")[1] == target]
        # A named volume, not a bind mount of some host directory.
        assert len(sources) == 1 and sources[0] in named, (name, spec["services"][name]["volumes"])


def _published_ports(env):
    for name, svc in compose.load()["services"].items():
        for port in svc.get("ports", []):
            if isinstance(port, dict):  # long syntax
                yield name, port.get("host_ip"), str(port["target"])
            else:
                parts = compose.interpolate(str(port), env).split(":")
                # "HOST:CONTAINER" or a bare "CONTAINER" publishes on every interface.
                yield name, parts[0] if len(parts) == 3 else None, parts[-1]


@pytest.mark.parametrize("env", [compose.read_env_file(), {}], ids=["env-example", "defaults"])
def test_every_published_port_is_bound_to_loopback(env):
    ports = list(_published_ports(env))
    assert ports, "the server must be reachable from the host"
    for name, host_ip, _ in ports:
        assert host_ip == "127.0.0.1", f"{name} publishes a port beyond this host"
    assert ("mlflow", "127.0.0.1", str(topology.COMPOSE_PORT)) in ports


def test_mlflow_starts_only_once_postgres_is_healthy():
    postgres, mlflow = compose.service("postgres"), compose.service("mlflow")
    assert "pg_isready" in postgres["healthcheck"]["test"]
    assert mlflow["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "/health" in " ".join(mlflow["healthcheck"]["test"])


def test_credentials_come_from_the_environment():
    env = compose.service("postgres")["environment"]
    for name in ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"):
        match = compose.VARIABLE.fullmatch(env[name])
        assert match and match["name"] == name, f"{name} must be ${{{name}...}}, not a literal"
        # A default would be a committed credential; `:?` (fail when unset) is the only option.
        assert match["op"] in (None, ":?", "?"), f"{name} has a default"
    example_password = compose.read_env_file()["POSTGRES_PASSWORD"]
    assert example_password not in compose.COMPOSE_FILE.read_text()


def test_env_example_defines_every_variable_the_compose_file_uses():
    used = compose.variables_used()
    assert {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"} <= used
    assert used <= set(compose.read_env_file()), used - set(compose.read_env_file())


def test_the_env_file_is_ignored_by_git():
    ignored = {line.strip() for line in (compose.ROOT / ".gitignore").read_text().splitlines()}
    assert ".env" in ignored
