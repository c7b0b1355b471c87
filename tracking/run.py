"""Train one config as a tracked MLflow run: the one call the CLI and notebooks use.

    from tracking import train_tracked
    tracked = train_tracked(TrainConfig(lr=0.1, seed=7))
    tracked.run_id, tracked.result.history.loss

The run's status tells the truth: FINISHED on success; FAILED, with the reason in the
`bp.failure` tag, when training diverges or anything raises; KILLED on Ctrl-C. In
every case the epochs reported so far are in the store before the exception goes on.
(A process killed outright, SIGKILL, cannot say anything: its run stays RUNNING. So
does a run whose tracking server went away: it keeps the epochs the server acknowledged,
and the StoreError says up to which one.)
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from backprop.config import TrainConfig
from backprop.data import dataset_points
from backprop.training import DivergenceError, EpochCallback, TrainResult, train
from tracking import names
from tracking.errors import StoreError
from tracking.http import unreachable
from tracking.metrics import MetricWriter, metric_sink
from tracking.provenance import version_tags
from tracking.record import dataset_name, log_inputs, log_outcome, now_ms
from tracking.store import Store, open_store

logger = logging.getLogger(__name__)


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during a tracked run, raised once the run is marked KILLED with its epochs kept."""

    def __init__(self, run_id: str, epochs: int):
        super().__init__(f"run {run_id} marked KILLED after epoch {epochs}, every epoch so far logged")
        self.run_id, self.epochs = run_id, epochs


@dataclass
class TrackedRun:
    run_id: str
    result: TrainResult
    store: Store
    model_id: str
    timings: dict[str, float] = field(default_factory=dict)  # seconds: setup, training (and its CPU), outcome

    @property
    def model_uri(self) -> str:
        """`models:/<id>`: for mlflow.pyfunc.load_model, with the tracking URI set to the store."""
        return f"models:/{self.model_id}"


def train_tracked(
    config: TrainConfig,
    *,
    tracking_uri: str | None = None,
    experiment: str | None = None,
    callback: EpochCallback | None = None,
    points: tuple[np.ndarray, np.ndarray] | None = None,
    parent_run_id: str | None = None,
    tags: dict[str, str] | None = None,
    store: Store | None = None,
    on_start: Callable[[str], None] | None = None,
) -> TrackedRun:
    """Train `config` and record everything about it as one MLflow run.

    tracking_uri: flag > MLFLOW_TRACKING_URI > sqlite:///mlruns/mlflow.db. experiment:
    default the dataset's name. callback: also called every epoch (a console printer).
    points: (X, y) to train on instead of the config's dataset. parent_run_id: make
    this a nested child run (sweeps). tags: extra run tags. store: an already opened
    store (skips the checks). on_start(run_id): called once the run exists.
    Raises StoreError before training when the store cannot be used; once the run is
    closed, re-raises what training raised (DivergenceError, ...), Ctrl-C as RunInterrupted.
    """
    clock = time.perf_counter()
    store = store or open_store(tracking_uri, experiment or dataset_name(config))
    X, y = points if points is not None else dataset_points(config)
    client = store.client()
    run_tags = {**version_tags(), names.DATASET_TAG: f"{dataset_name(config)} ({len(X)} points)", **(tags or {})}
    if parent_run_id:
        run_tags[names.PARENT_RUN] = parent_run_id
    try:
        run = client.create_run(store.experiment_id, run_name=config.label, tags=run_tags)
    except Exception as error:
        if _from_the_store(error):
            raise StoreError(f"cannot create a run in {store.uri}: {str(error).strip().splitlines()[0]}") from error
        raise
    run_id = run.info.run_id
    writer, reached, timings = None, {"epoch": 0}, {}

    def record(epoch: int, metrics: dict[str, float]) -> None:
        writer(epoch, metrics)
        reached["epoch"] = epoch
        if callback is not None:
            callback(epoch, metrics)

    try:
        log_inputs(client, store, run, config, X, y)
        if on_start is not None:
            on_start(run_id)
        timings["setup"], clock = _lap(clock)
        writer = MetricWriter(metric_sink(client, run_id))
        cpu = time.process_time()  # every thread's: the writer's work counts too
        result = train(config, record, points=(X, y))
        writer.close()
        timings["training"], clock = _lap(clock)
        timings["training_cpu"] = time.process_time() - cpu
        model_id = log_outcome(client, store, run, result)
        client.set_terminated(run_id, names.FINISHED)
    except KeyboardInterrupt:
        _close(client, run_id, writer, reached["epoch"], names.KILLED, f"interrupted after epoch {reached['epoch']}")
        raise RunInterrupted(run_id, reached["epoch"]) from None
    except BaseException as error:
        lost = unreachable(error) if store.is_server else None
        _close(client, run_id, writer, reached["epoch"], names.FAILED, _reason(error), quiet=lost is not None)
        if lost is not None:  # the usual way a server fails: stopped, or its network gone
            stored = writer.last_step if writer is not None else 0
            raise StoreError(f"lost the tracking server at {store.uri} ({lost}): run {run_id} stopped at epoch "
                             f"{reached['epoch']}, with {_stored(stored)} in the store") from error
        if _from_the_store(error):  # the store failed mid-run: one kind of error for callers
            raise StoreError(f"tracking failed for run {run_id}: {str(error).strip().splitlines()[0]}") from error
        raise
    timings["outcome"], clock = _lap(clock)
    return TrackedRun(run_id, result, store, model_id, timings)


def _lap(since: float) -> tuple[float, float]:
    now = time.perf_counter()
    return now - since, now


def _stored(step: int) -> str:
    return f"epochs 1 to {step}" if step else "no epoch"


def _close(client, run_id: str, writer, epochs: int, status: str, reason: str, quiet: bool = False) -> None:
    """End a run that did not finish: keep every epoch reported, say why, set its status.

    Best effort, step by step: an error here (the store gone too) is logged, never raised,
    so that it cannot hide the error that got us here. Once a server proves unreachable the
    remaining steps are skipped (each would wait out its retries for nothing); quiet: the
    caller's error already says the server is lost.
    """
    from mlflow.entities import Metric, RunTag

    steps = (
        lambda: writer is not None and writer.close(),
        lambda: client.log_batch(
            run_id,
            metrics=[Metric(names.EPOCHS_RUN, float(epochs), now_ms(), epochs)],
            tags=[RunTag(names.FAILURE, reason)],
            synchronous=True,
        ),
        lambda: client.set_terminated(run_id, status),
    )
    for step in steps:
        try:
            step()
        except Exception as error:
            lost = unreachable(error)
            if not (quiet and lost):
                logger.warning("could not close run %s cleanly: %s", run_id, lost or error)
            if lost:
                return


def _from_the_store(error: BaseException) -> bool:
    from mlflow.exceptions import MlflowException
    from requests import RequestException
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(error, (MlflowException, RequestException, SQLAlchemyError))


def _reason(error: BaseException) -> str:
    """The failure tag: a divergence says it all; anything else is named by its type."""
    reason = str(error) if isinstance(error, DivergenceError) else f"{type(error).__name__}: {error}"
    return reason[:1000]
