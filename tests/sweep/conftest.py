"""The tracking tests' fixtures: every test gets its own store (a copy of a migrated
template) in MLFLOW_TRACKING_URI, and a temporary working directory."""

from tracked.conftest import copy_store, store_uri, template_db  # noqa: F401
