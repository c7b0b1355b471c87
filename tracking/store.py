"""The tracking store: which one, ready to write to, and the experiment in it.

URI: the `--tracking-uri` flag, else MLFLOW_TRACKING_URI, else an embedded SQLite
database at `mlruns/mlflow.db`. For any SQLite URI the artifacts go in an
`artifacts/` folder beside the database file, never into the working directory.
`open_store()` checks the store up front, so that a store that cannot be written or
reached fails with one clear message before any training starts, and prepares a new
SQLite store once, under a lock, so that concurrent first users do not race in
MLflow's schema migration.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tracking.errors import StoreError
from tracking.http import bound_retries
from tracking.locking import file_lock
from tracking.names import ARTIFACTS_FOLDER, DEFAULT_TRACKING_URI, TRACKING_URI_ENV
from tracking.sqlite_file import check_writable, enable_wal, relocate


@dataclass(frozen=True)
class Store:
    uri: str  # as given to MLflow (a SQLite path made absolute)
    experiment_id: str | None  # None when opened without an experiment
    experiment_name: str | None
    artifact_root: Path | None  # SQLite stores only: the artifacts/ folder beside the database

    @property
    def is_server(self) -> bool:
        return self.uri.startswith(("http://", "https://"))

    def client(self):
        from mlflow import MlflowClient

        if self.is_server:  # here too: sweep workers get a Store, not open_store()'s call
            bound_retries()
        return MlflowClient(self.uri)


def resolve_uri(uri: str | None = None) -> str:
    """flag > MLFLOW_TRACKING_URI > the default SQLite store under ./mlruns."""
    return uri or os.environ.get(TRACKING_URI_ENV) or DEFAULT_TRACKING_URI


def sqlite_file(uri: str) -> Path | None:
    """The database file of a `sqlite:///path` URI, made absolute; None for other URIs."""
    if not uri.startswith("sqlite:"):
        return None
    path = uri.split("?", 1)[0].removeprefix("sqlite:").removeprefix("//")
    if path in ("", "/", "/:memory:"):
        raise StoreError(f"{uri} is an in-memory database: give a file, such as sqlite:///mlruns/mlflow.db")
    return Path(path[1:]).absolute()  # "/mlruns/x.db" is relative, "//abs/x.db" absolute


def absolute_uri(uri: str) -> str:
    """`uri` with a SQLite path made absolute, so it means the same store from any directory."""
    path = sqlite_file(uri)
    if path is None:
        return uri
    query = uri.partition("?")[2]
    # POSIX "/abs/x.db" gives sqlite:////abs/x.db; Windows "C:/x.db" gives sqlite:///C:/x.db.
    return "sqlite:///" + path.as_posix() + (f"?{query}" if query else "")


def artifact_root(uri: str) -> Path | None:
    """The `artifacts/` folder beside a SQLite database; None for other stores."""
    path = sqlite_file(uri)
    return None if path is None else path.parent / ARTIFACTS_FOLDER


def open_store(uri: str | None = None, experiment: str | None = "Default", must_exist: bool = False) -> Store:
    """Check the store, prepare it if new, and get (or create) `experiment` in it.

    experiment None: just the store (experiment_id None). must_exist: a SQLite file that
    is not there is an error rather than a new store (for commands that only read).
    Raises StoreError with a one-line reason when the store cannot be used.
    """
    uri = absolute_uri(resolve_uri(uri))
    db = sqlite_file(uri)
    if must_exist and db is not None and not db.exists():
        raise StoreError(f"there is no tracking store at {db} yet: track a run with `bp train --track` first")
    try:
        if db is not None:
            return _open_sqlite(uri, experiment)
        if uri.startswith(("http://", "https://")):
            bound_retries()  # before any request: a server lost later fails in seconds, not minutes
            check_server(uri)
        experiment_id = None if experiment is None else _experiment_id(uri, experiment, None)
        return Store(uri, experiment_id, experiment, None)
    except StoreError:
        raise
    except Exception as error:  # MLflow, SQLAlchemy or OS errors: one line, not a traceback
        raise StoreError(f"cannot use the tracking store {uri}: {_first_line(error)}") from error


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


def _open_sqlite(uri: str, experiment: str | None) -> Store:
    db, root = sqlite_file(uri), artifact_root(uri)
    check_writable(db, root)
    with file_lock(db.with_name(db.name + ".lock")):
        store = _sql_store(uri, root)  # migrates a new database (once: we hold the lock)
        enable_wal(db)
        relocate(db, root)
        experiment_id = None if experiment is None else _experiment_id(uri, experiment, store)
    return Store(uri, experiment_id, experiment, root)


def _sql_store(uri: str, root: Path):
    # Built with our artifact root, so that the experiments a migration creates (MLflow's
    # "Default") point into artifacts/ too rather than into the working directory.
    import logging

    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    # A new store's migration logs a dozen INFO lines (MLflow's and alembic's): not news here.
    quiet = [logging.getLogger(name) for name in ("mlflow.store.db.utils", "alembic")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.WARNING)
    try:
        return SqlAlchemyStore(uri, root.as_uri())
    finally:
        for logger, level in zip(quiet, levels):
            logger.setLevel(level)


def _experiment_id(uri: str, name: str, store) -> str:
    """The id of experiment `name`, created if missing. A creator racing us is tolerated."""
    from mlflow import MlflowClient
    from mlflow.exceptions import MlflowException

    api = store if store is not None else MlflowClient(uri)
    for _ in range(3):
        found = api.get_experiment_by_name(name)
        if found is not None:
            if found.lifecycle_stage != "active":
                raise StoreError(f"experiment {name!r} is deleted in {uri}: restore it, or choose another --experiment")
            return found.experiment_id
        try:
            return api.create_experiment(name)  # a SQL store given our root puts it in root/<id>
        except MlflowException as error:
            if "already exists" not in str(error).lower():
                raise
            time.sleep(0.1)  # someone created it between our look and our create: look again
    raise StoreError(f"could not create experiment {name!r} in {uri}")


def check_server(uri: str, attempts: int = 4, delay: float = 0.5) -> None:
    """A tracking server answers /health; a few attempts, backing off, then one clear error."""
    url = uri.rstrip("/") + "/health"
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
                reason = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            reason = f"HTTP {error.code} {error.reason}"
        except (urllib.error.URLError, OSError) as error:
            reason = str(getattr(error, "reason", error))
        if attempt < attempts - 1:
            time.sleep(delay * 2**attempt)
    raise StoreError(f"cannot reach the tracking server at {uri}: {reason}")

