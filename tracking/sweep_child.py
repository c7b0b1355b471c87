"""One configuration of a sweep, trained as a child run: what runs in a worker process.

A worker (a loky process on this machine, or a Dask worker elsewhere) gets a task and
the store, trains, and sends back a small summary, never the network or the history:
everything else is in the store. A configuration that fails is a FAILED child with its
reason (train_tracked closes it so) and an outcome saying so; it does not stop the sweep.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass

from backprop.config import TrainConfig
from tracking import names
from tracking.store import Store


@dataclass(frozen=True)
class ChildTask:
    config: TrainConfig
    parent_run_id: str


@dataclass(frozen=True)
class ChildOutcome:
    config: TrainConfig
    parent_run_id: str
    run_id: str | None  # None when the run could not even be created
    status: str  # FINISHED or FAILED
    reason: str | None = None  # why it failed (the run's bp.failure tag)
    epochs: int = 0
    target_epoch: int | None = None
    final_loss: float | None = None
    final_accuracy: float | None = None
    seconds: float = 0.0


@contextmanager
def one_blas_thread():
    """One BLAS thread while training. Loky workers already get it through the environment
    (set before NumPy loads); a Dask worker started elsewhere has NumPy loaded already."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # without threadpoolctl, the worker's environment decides
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def run_child(task: ChildTask, store: Store) -> ChildOutcome:
    """Train `task.config` as a child run of `task.parent_run_id`; prints nothing."""
    from tracking.run import RunInterrupted, train_tracked

    clock, started = time.perf_counter(), {}
    try:
        with one_blas_thread():
            tracked = train_tracked(
                task.config, store=store, parent_run_id=task.parent_run_id, on_start=lambda run_id: started.update(run_id=run_id)
            )
    except RunInterrupted:
        raise  # Ctrl-C: the run is KILLED; the sweep itself stops
    except Exception as error:  # diverged, or the store failed: the run (if any) is FAILED
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return ChildOutcome(task.config, task.parent_run_id, started.get("run_id"), names.FAILED, reason,
                            epochs=getattr(error, "epoch", 0), seconds=time.perf_counter() - clock)  # fmt: skip
    history = tracked.result.history
    return ChildOutcome(
        task.config,
        task.parent_run_id,
        tracked.run_id,
        names.FINISHED,
        epochs=history.epochs,
        target_epoch=history.target_epoch,
        final_loss=history.loss[-1],
        final_accuracy=history.accuracy[-1],
        seconds=time.perf_counter() - clock,
    )
