"""A run's status tells the truth, and keeps every epoch logged before things went wrong."""

from __future__ import annotations

import pytest

from backprop.config import TrainConfig
from backprop.training import DivergenceError
from tracking import RunInterrupted, names, open_store, train_tracked
from tracking.runs import find_runs, metric_history

# Linear hidden layers, cross-entropy and a large step: the loss is NaN within a few epochs.
DIVERGING = TrainConfig(activation="none", loss="bce", lr=1.0, epochs=200, target_accuracy=None)


def only_run(store):
    runs = find_runs(store, store.experiment_name)
    assert len(runs) == 1
    return runs[0]


def test_divergence_marks_the_run_failed_with_the_reason(store_uri):
    store = open_store(store_uri, "diverging")
    with pytest.raises(DivergenceError) as raised:
        train_tracked(DIVERGING, store=store)
    run = only_run(store)
    assert run.info.status == "FAILED"
    assert run.data.tags[names.FAILURE] == str(raised.value)
    logged = raised.value.epoch - 1  # the diverging epoch itself is not reported
    steps, _ = metric_history(store, run.info.run_id, "loss")
    assert steps.tolist() == list(range(1, logged + 1))
    assert run.data.metrics[names.EPOCHS_RUN] == logged


def test_any_error_marks_the_run_failed_and_goes_on(store_uri):
    store = open_store(store_uri, "broken")

    def broken(epoch, metrics):
        if epoch == 5:
            raise ValueError("a callback broke")

    with pytest.raises(ValueError, match="a callback broke"):
        train_tracked(TrainConfig(epochs=50, target_accuracy=None), store=store, callback=broken)
    run = only_run(store)
    assert run.info.status == "FAILED"
    assert run.data.tags[names.FAILURE] == "ValueError: a callback broke"
    assert metric_history(store, run.info.run_id, "accuracy")[0].tolist() == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("interrupt_at", [1, 7, 2345])
def test_interrupt_marks_the_run_killed_with_every_epoch_so_far(store_uri, interrupt_at):
    store = open_store(store_uri, "interrupted")

    def ctrl_c(epoch, metrics):  # what Ctrl-C does: a KeyboardInterrupt in the middle of training
        if epoch == interrupt_at:
            raise KeyboardInterrupt

    with pytest.raises(RunInterrupted) as raised:
        train_tracked(TrainConfig(epochs=5000, target_accuracy=None), store=store, callback=ctrl_c)
    assert isinstance(raised.value, KeyboardInterrupt)  # still a Ctrl-C to whoever catches it
    run = only_run(store)
    assert run.info.status == "KILLED"
    assert raised.value.run_id == run.info.run_id and raised.value.epochs == interrupt_at
    for key in ("loss", "accuracy"):
        steps, _ = metric_history(store, run.info.run_id, key)
        assert steps.tolist() == list(range(1, interrupt_at + 1))
    assert run.data.metrics[names.EPOCHS_RUN] == interrupt_at
    assert names.MODEL_ID not in run.data.tags
