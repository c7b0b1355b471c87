"""Whatever any test tracks goes to a throwaway store, never to a user's `mlruns/`.

This is the guard for every test; tests/tracked/ adds a migrated store per test.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def throwaway_tracking_store(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("store")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{(folder / 'mlflow.db').as_posix()}")
    monkeypatch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")
