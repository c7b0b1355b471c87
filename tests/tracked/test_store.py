"""Which store is used, where its artifacts go, and a store that cannot be used fails fast."""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

import pytest

from tracking import StoreError, open_store
from tracking.names import DEFAULT_TRACKING_URI
from tracking.store import absolute_uri, artifact_root, resolve_uri, sqlite_file


def test_uri_precedence(monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI")
    assert resolve_uri(None) == DEFAULT_TRACKING_URI == "sqlite:///mlruns/mlflow.db"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "sqlite:///from/env.db")
    assert resolve_uri(None) == "sqlite:///from/env.db"
    assert resolve_uri("http://127.0.0.1:5000") == "http://127.0.0.1:5000"


def test_sqlite_paths_and_artifact_root(tmp_path):
    assert sqlite_file("sqlite:///mlruns/mlflow.db") == tmp_path / "mlruns" / "mlflow.db"  # relative: to the cwd
    assert sqlite_file(f"sqlite:///{tmp_path}/a/b.db") == tmp_path / "a" / "b.db"  # sqlite:////abs
    assert sqlite_file("http://host:5000") is None
    assert artifact_root("sqlite:///x/y/store.db") == tmp_path / "x" / "y" / "artifacts"
    assert absolute_uri("sqlite:///mlruns/mlflow.db") == f"sqlite:///{tmp_path}/mlruns/mlflow.db"
    with pytest.raises(StoreError, match="in-memory"):
        sqlite_file("sqlite://")


def test_default_store_is_created_under_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI")
    store = open_store(experiment="xor")
    assert store.uri == f"sqlite:///{tmp_path}/mlruns/mlflow.db"
    assert store.artifact_root == tmp_path / "mlruns" / "artifacts"
    experiment = store.client().get_experiment(store.experiment_id)
    assert experiment.artifact_location == (tmp_path / "mlruns" / "artifacts" / store.experiment_id).as_uri()
    assert sqlite3.connect(tmp_path / "mlruns" / "mlflow.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_opening_twice_finds_the_same_experiment(store_uri):
    first, second = open_store(store_uri, "xor"), open_store(store_uri, "xor")
    assert first.experiment_id == second.experiment_id
    assert open_store(store_uri, "linear").experiment_id != first.experiment_id


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="permissions do not stop root")
def test_unwritable_folder_is_one_clear_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="cannot"):
            open_store(f"sqlite:///{locked}/store/mlflow.db", "xor")
    finally:
        locked.chmod(0o700)


def test_path_under_a_file_is_one_clear_error(tmp_path):
    (tmp_path / "a_file").write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the tracking store") as raised:
        open_store(f"sqlite:///{tmp_path}/a_file/mlflow.db", "xor")
    assert "\n" not in str(raised.value)


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path):
    (tmp_path / "notes.db").write_text("hello")
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(f"sqlite:///{tmp_path}/notes.db", "xor")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_server_is_one_clear_error():
    uri = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="cannot reach the tracking server") as raised:
        open_store(uri, "xor")
    assert uri in str(raised.value) and "\n" not in str(raised.value)


def test_must_exist_refuses_to_create_a_store(tmp_path):
    with pytest.raises(StoreError, match="no tracking store"):
        open_store(f"sqlite:///{tmp_path}/none/mlflow.db", None, must_exist=True)
    assert not (tmp_path / "none").exists()


def test_a_moved_store_finds_its_artifacts(store_uri, tmp_path):
    from tracking import train_tracked
    from backprop.config import TrainConfig
    from tracking.runs import get_run, load_weights

    store = open_store(store_uri, "xor")
    run_id = train_tracked(TrainConfig(epochs=2, target_accuracy=None), store=store).run_id
    moved = tmp_path / "elsewhere"
    (tmp_path / "store").rename(moved)
    store = open_store(f"sqlite:///{moved}/mlflow.db", None)
    assert get_run(store, run_id).info.artifact_uri.startswith((moved / "artifacts").as_uri() + "/")
    assert set(load_weights(store, run_id)) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    assert Path(moved / "artifacts").is_dir()
