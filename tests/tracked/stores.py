"""Stores with runs in them, made once per test module and handed to each test as a copy.

A copy of a store folder is also what a student hands in: opening it must find its
artifacts where the copy is, so copying is both a way to share setup and a test of it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from backprop.config import TrainConfig
from tracking import train_tracked

# Fast runs: XOR through 8x8 hidden units at lr 0.5 reaches 100% at epoch 170 (seed 1).
XOR_FAST = TrainConfig(hidden=(8, 8), lr=0.5, seed=1)


def settle(db: Path) -> None:
    """Move the write-ahead log into the database file, so that copying the folder copies it all."""
    connection = sqlite3.connect(db)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def make_store(copy_store, folder: Path, configs: dict[str, TrainConfig]) -> dict[str, str]:
    """Track each config, in order, in a new store under `folder`/store; run ids by key."""
    uri = copy_store(folder / "store")
    run_ids = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")
        for key, config in configs.items():
            run_ids[key] = train_tracked(config, tracking_uri=uri).run_id
    settle(folder / "store" / "mlflow.db")
    return run_ids


def clone(source: Path, destination: Path) -> str:
    """Copy the store folder `source` (database and artifacts) to `destination`; its URI."""
    shutil.copytree(source, destination)
    return f"sqlite:///{(destination / 'mlflow.db').as_posix()}"


def artifact_file(folder: Path, run_id: str, name: str) -> Path:
    """Where a run's artifact `name` lies in the store folder `folder`."""
    (found,) = folder.glob(f"artifacts/*/{run_id}/artifacts/{name}")
    return found
