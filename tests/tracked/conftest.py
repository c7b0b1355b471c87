"""Every test here gets its own tracking store, and the working directory is a temporary
folder, so that nothing lands in a user's `mlruns/` or in the repository.

A fresh store costs seconds of schema migrations, so one template store is migrated per
session and each test gets a copy of its database file (opening the copy points its
artifact locations at the copy's own artifacts/ folder).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tracking.store import open_store


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("template-store") / "mlflow.db"
    open_store(f"sqlite:///{db.as_posix()}", experiment=None)  # migrated, in WAL mode
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the .db file: safe to copy alone
    connection.close()
    return db


@pytest.fixture(scope="session")
def copy_store(template_db):
    """copy_store(folder) -> the URI of a new store in `folder`, copied from the template."""

    def copy(folder: Path) -> str:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template_db, folder / "mlflow.db")
        return f"sqlite:///{(folder / 'mlflow.db').as_posix()}"

    return copy


@pytest.fixture(autouse=True)
def store_uri(copy_store, tmp_path, monkeypatch) -> str:
    """This test's store, also in MLFLOW_TRACKING_URI; the working directory is tmp_path."""
    uri = copy_store(tmp_path / "store")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    monkeypatch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")  # tests never phone home
    monkeypatch.chdir(tmp_path)
    return uri
