"""The tracked side of the CLI: open the store, train as an MLflow run, say where it went.

Imported only by commands that track, so `bp --help` and an untracked `bp train`
never pay for importing mlflow.
"""

from __future__ import annotations

import os

import typer

from backprop.config import TrainConfig
from backprop.training import DivergenceError
from bp.errors import Failure
from tracking import StoreError, TrackedRun, open_store, train_tracked
from tracking.store import Store, absolute_uri, resolve_uri

UI_HOST, UI_PORT = "127.0.0.1", 5000


def open_tracking_store(tracking_uri: str | None, experiment: str | None, must_exist: bool = False) -> Store:
    """The store (and experiment) to use; a store that cannot be used is one line, exit 1."""
    try:
        return open_store(tracking_uri, experiment, must_exist=must_exist)
    except StoreError as error:
        raise Failure(str(error)) from None


def run_tracked(config: TrainConfig, points, callback, store: Store, quiet: bool) -> TrackedRun:
    """train_tracked(), its failures as one line each (the run is closed, FAILED, by then)."""

    def started(run_id: str) -> None:
        if not quiet:
            typer.echo(f"tracking run {run_id} in experiment {store.experiment_name!r} of {shown_uri(store)}")

    # MLflow prints its own run links to stdout when a server's run ends; we print ours.
    os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
    try:
        return train_tracked(config, callback=callback, points=points, store=store, on_start=started)
    except DivergenceError as error:
        raise Failure(f"{error} (the run is marked FAILED)") from None
    except StoreError as error:
        raise Failure(str(error)) from None


def _found_without_flag(store: Store) -> bool:
    """Whether plain `bp ...` (MLFLOW_TRACKING_URI, else the default) finds this same store."""
    return absolute_uri(resolve_uri(None)) == store.uri


def shown_uri(store: Store) -> str:
    """The store as the user named it (`sqlite:///mlruns/mlflow.db` rather than its full path)."""
    return resolve_uri(None) if _found_without_flag(store) else store.uri


def ui_command(store: Store) -> str:
    """The `bp ui` command line that opens `store`."""
    return "bp ui" if _found_without_flag(store) else f"bp ui --tracking-uri {store.uri}"


def ui_link(base: str, experiment_id: str | None = None, run_id: str | None = None) -> str:
    """A link into the MLflow UI's model-training view (its default view is the GenAI one)."""
    base = base.rstrip("/")
    if experiment_id is None:
        return f"{base}/#/experiments?workflowType=machine_learning"
    if run_id is None:
        return f"{base}/#/experiments/{experiment_id}/runs?workflowType=machine_learning"
    return f"{base}/#/experiments/{experiment_id}/runs/{run_id}?workflowType=machine_learning"


def report_run(tracked: TrackedRun, quiet: bool) -> None:
    """The run id, and how to open it; with --quiet the run id alone."""
    store = tracked.store
    if quiet:
        typer.echo(tracked.run_id)
        return
    typer.echo(f"run {tracked.run_id} ({tracked.result.config.label}) is in experiment {store.experiment_name!r} of {shown_uri(store)}")
    if store.is_server:
        typer.echo(f"open it: {ui_link(store.uri, store.experiment_id, tracked.run_id)}")
    else:
        link = ui_link(f"http://{UI_HOST}:{UI_PORT}", store.experiment_id, tracked.run_id)
        typer.echo(f"open it: {ui_command(store)}   (then {link})")

