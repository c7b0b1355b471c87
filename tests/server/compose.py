"""Reading docker-compose.yml and .env.example the way `docker compose` would, without Docker."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}; `$${...}` is compose's
# escape for a literal `$` (left for the container's shell), so it is not a variable.
VARIABLE = re.compile(r"(?<!\$)\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def load() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def service(name: str) -> dict:
    return load()["services"][name]


def variables_used() -> set[str]:
    return {m["name"] for m in VARIABLE.finditer(COMPOSE_FILE.read_text())}


def read_env_file(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """KEY=VALUE lines; blank lines and `#` comments skipped, as compose's .env parser does."""
    env = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


def interpolate(value: str, env: dict[str, str]) -> str:
    """Substitute each variable by its non-empty value in `env`, else its `-` default, else raise."""
    def substitute(m: re.Match) -> str:
        if env.get(m["name"]):
            return env[m["name"]]
        if m["op"] in (":-", "-"):
            return m["arg"]
        raise KeyError(f"{m['name']} is not set and has no default")
    return VARIABLE.sub(substitute, value)
