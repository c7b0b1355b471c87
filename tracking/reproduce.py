"""Retrain a stored run from its parameters and say whether it came back the same.

The config is rebuilt from the run's parameters and trained again with its seed, on
the points regenerated from that config (so the config alone is put to the test);
only when a CSV dataset is not here are the run's stored points used. The retrained
weights are compared bit for bit (or within `atol`) with the stored ones, the
per-epoch histories epoch by epoch, and the summary numbers (epochs run, target epoch,
final metrics) one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from backprop.data import dataset_points
from backprop.training import EpochCallback, History, TrainResult, train
from backprop.verify import Verdict, compare_runs
from tracking import names
from tracking.provenance import code_version
from tracking.store import Store
from tracking.stored import StoredRun


@dataclass
class Reproduction:
    stored: StoredRun
    result: TrainResult  # the retraining
    verdict: Verdict  # weights and per-epoch histories
    mismatches: list[str] = field(default_factory=list)  # summary numbers that differ, one line each
    notes: list[str] = field(default_factory=list)  # about the points retrained on
    run_id: str | None = None  # the reproduction's own run, with --track

    @property
    def identical(self) -> bool:
        return self.verdict.identical and not self.mismatches

    def headline(self) -> str:
        """`reproduced: identical`, or `reproduced: DIFFERENT (...)` with the largest differences."""
        if self.verdict.identical and self.mismatches:
            return "reproduced: DIFFERENT (" + "; ".join(self.mismatches) + ")"
        return self.verdict.summary()


def code_version_warning(run) -> str | None:
    """A warning naming both versions when the run was made by other code than this."""
    stored, current = run.data.tags.get(names.CODE_VERSION), code_version()
    if stored is None or stored == current:
        return None
    return f"run {run.info.run_id} was made by code version {stored}; this is code version {current}"


def retraining_points(stored: StoredRun) -> tuple[tuple[np.ndarray, np.ndarray], list[str]]:
    """(X, y) to retrain on, and notes saying where they came from when it matters."""
    config = stored.config
    if config.dataset.endswith(".csv") and not Path(config.dataset).is_file():
        return stored.points, [f"the dataset file {config.dataset} is not here: retraining on the run's stored points"]
    X, y = dataset_points(config)  # a DatasetError (a CSV file that is here but broken) goes to the caller
    X0, y0 = stored.points
    if X.shape == X0.shape and y.shape == y0.shape and np.array_equal(X, X0) and np.array_equal(y, y0):
        return (X, y), []
    if X.shape != X0.shape or y.shape != y0.shape:
        how = f"{len(X)} points regenerated, {len(X0)} stored"
    else:
        how = f"x by up to {float(np.max(np.abs(X - X0))):.3g}, {int(np.sum(y != y0))} of {len(y)} labels changed"
    return (X, y), [f"the points regenerated from the config differ from the run's {names.DATASET} ({how})"]


def summary_mismatches(summary: dict[str, float], history: History, atol: float = 0.0) -> list[str]:
    """The stored summary metrics that the retrained history does not give back."""
    retrained = {names.EPOCHS_RUN: history.epochs, names.TARGET_EPOCH: history.target_epoch}
    if history.loss:
        retrained[names.FINAL_LOSS], retrained[names.FINAL_ACCURACY] = history.loss[-1], history.accuracy[-1]
    if history.test_loss:
        retrained[names.FINAL_TEST_LOSS] = history.test_loss[-1]
        retrained[names.FINAL_TEST_ACCURACY] = history.test_accuracy[-1]
    found = []
    for key, value in retrained.items():
        was = summary.get(key)
        if was is None and value is None:
            continue
        # Epoch counts are exact; metrics may differ by atol.
        tolerance = 0 if key in (names.EPOCHS_RUN, names.TARGET_EPOCH) else atol
        if was is None or value is None or abs(was - value) > tolerance:
            found.append(f"{key} stored {_text(was)}, retrained {_text(value)}")
    return found


def _text(value) -> str:
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


def reproduce(
    store: Store,
    stored: StoredRun,
    atol: float = 0.0,
    callback: EpochCallback | None = None,
    track_in: Store | None = None,
) -> Reproduction:
    """Retrain `stored` and compare. track_in: record the retraining as a run of that store
    (and experiment), tagged with the run it reproduces and, once known, the verdict.
    Raises DivergenceError if the retraining diverges (a tracked one is then marked FAILED)."""
    points, notes = retraining_points(stored)
    run_id = None
    if track_in is None:
        result = train(stored.config, callback, points=points)
    else:
        from tracking.run import train_tracked

        tags = {names.REPRODUCES: stored.run_id}
        tracked = train_tracked(stored.config, callback=callback, points=points, store=track_in, tags=tags)
        result, run_id = tracked.result, tracked.run_id
    verdict = compare_runs(
        stored.weights, result.model.state(), stored.history.as_dict(), result.history.as_dict(), atol
    )
    reproduction = Reproduction(
        stored, result, verdict, summary_mismatches(stored.summary, result.history, atol), notes, run_id
    )
    if run_id is not None:
        outcome = names.IDENTICAL if reproduction.identical else names.DIFFERENT
        track_in.client().set_tag(run_id, names.VERDICT, outcome)
    return reproduction
