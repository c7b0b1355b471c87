"""A SQLite store's database file: checked before use, in WAL mode, and found again after a move."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tracking.errors import StoreError
from tracking.names import ARTIFACTS_FOLDER


def check_writable(db: Path, root: Path) -> None:
    """The database file (or its folder, for a new one) and the artifact folder can be written."""
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the tracking store at {db}: {error.strerror or error}") from None
    # SQLite also writes -wal and -shm files beside the database, so the folder must be writable too.
    for path in (db.parent, root) + ((db,) if db.exists() else ()):
        if not os.access(path, os.W_OK):
            raise StoreError(f"cannot write the tracking store at {db}: {path} is not writable")
    if db.exists():
        try:
            with open(db, "rb") as handle:
                header = handle.read(16)
        except OSError as error:
            raise StoreError(f"cannot read the tracking store at {db}: {error.strerror or error}") from None
        if header and header != b"SQLite format 3\x00":
            raise StoreError(f"{db} is not a SQLite database")


def enable_wal(db: Path) -> None:
    # WAL lets readers and writers overlap: several processes logging at once wait far less.
    # It is a property of the database file, so setting it once is enough.
    connection = sqlite3.connect(db, timeout=30)
    try:
        if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()


def relocate(db: Path, root: Path) -> None:
    """Point the artifact URIs of a store that was moved (copied, unzipped elsewhere) at the
    artifacts/ folder beside its database: MLflow stores them as absolute file URIs.

    The "Default" experiment a new store gets says where the store was made: its
    artifacts are `<old artifacts folder>/0`. Stores made elsewhere are left alone.
    """
    new = root.as_uri()
    connection = sqlite3.connect(db, timeout=30)
    try:
        found = connection.execute("SELECT artifact_location FROM experiments WHERE experiment_id = 0").fetchone()
        old = (found[0] or "").rsplit("/", 1)[0] if found else ""
        if not old.startswith("file:") or not old.endswith("/" + ARTIFACTS_FOLDER) or old == new:
            return
        with connection:  # one transaction
            for table, column in (("experiments", "artifact_location"), ("runs", "artifact_uri"), ("logged_models", "artifact_location")):
                connection.execute(
                    f"UPDATE {table} SET {column} = ? || substr({column}, ?) WHERE {column} = ? OR substr({column}, 1, ?) = ?",
                    (new, len(old) + 1, old, len(old) + 1, old + "/"),
                )
            # Dataset inputs name their dataset.npz by URI too, inside a JSON text.
            connection.execute(
                "UPDATE datasets SET dataset_source = replace(dataset_source, ?, ?)", (f'"{old}/', f'"{new}/')
            )
    finally:
        connection.close()
