"""Tags that say which code and which library versions produced a run."""

from __future__ import annotations

import functools
import getpass
import platform
import subprocess
from importlib import metadata
from pathlib import Path

import numpy as np

from tracking.names import CODE_VERSION, GIT_COMMIT, MLFLOW_VERSION, NUMPY_VERSION, PYTHON_VERSION

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # the checkout, when running from one


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


@functools.lru_cache(maxsize=1)
def git_commit() -> tuple[str, bool] | None:
    """(commit, dirty) of the checkout this code runs from; None outside a git checkout of it.

    Asked of git directly: MLflow's own git tag comes out empty for an installed console script.
    """
    top = _git("rev-parse", "--show-toplevel")
    if top is None or Path(top).resolve() != PROJECT_ROOT:  # not our checkout (an installed copy)
        return None
    commit = _git("rev-parse", "HEAD")
    if not commit:
        return None
    changes = _git("status", "--porcelain", "--untracked-files=no")
    return commit, bool(changes)


def code_version() -> str:
    """The git commit (with "-dirty" when tracked files have uncommitted changes), or the
    installed package's version outside a checkout."""
    found = git_commit()
    if found is not None:
        commit, dirty = found
        return commit + ("-dirty" if dirty else "")
    try:
        return "bp " + metadata.version("bp")
    except metadata.PackageNotFoundError:
        return "unknown"


def version_tags() -> dict[str, str]:
    import mlflow

    tags = {
        CODE_VERSION: code_version(),
        NUMPY_VERSION: np.__version__,
        MLFLOW_VERSION: mlflow.__version__,
        PYTHON_VERSION: platform.python_version(),
    }
    found = git_commit()
    if found is not None:
        tags[GIT_COMMIT] = found[0]
    try:
        tags["mlflow.user"] = getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment (some containers)
        pass
    return tags
