"""The per-epoch metric writer: every row lands once, in order, whatever fails on the way."""

from __future__ import annotations

import math

import pytest

from tracking import open_store
from tracking.metrics import BatchMetricSink, MetricWriter, SqlMetricSink, metric_sink
from tracking.runs import metric_history


class FlakySink:
    """Records what it is given; fails the writes listed in `fail_on` (by call number)."""

    chunk = 3

    def __init__(self, fail_on=()):
        self.rows, self.calls, self.fail_on = [], 0, set(fail_on)

    def write(self, rows):
        self.calls += 1
        if self.calls in self.fail_on:
            raise OSError("database is locked")
        self.rows.extend(rows)


def epochs(writer, first, last):
    for epoch in range(first, last + 1):
        writer(epoch, {"loss": 1.0 / epoch, "accuracy": 0.5})


def test_rows_survive_a_failed_write_and_land_once_in_order():
    sink = FlakySink(fail_on={2})
    writer = MetricWriter(sink, interval=3600)  # flushes only when told, here
    epochs(writer, 1, 4)
    with pytest.raises(OSError):
        writer.flush()  # the first chunk (3 rows) is written, the second fails
    epochs(writer, 5, 6)
    writer.close()
    assert [(key, step) for key, _, _, step in sink.rows] == [(k, e) for e in range(1, 7) for k in ("loss", "accuracy")]
    assert writer.written == 12


def test_close_retries_then_raises(monkeypatch):
    monkeypatch.setattr("tracking.metrics.time.sleep", lambda seconds: None)
    sink = FlakySink(fail_on={1, 2, 3})
    writer = MetricWriter(sink, interval=3600)
    epochs(writer, 1, 1)
    with pytest.raises(OSError):
        writer.close(attempts=3)
    assert sink.rows == [] and writer.written == 0


def test_background_thread_writes_while_training_goes_on():
    sink = FlakySink()
    writer = MetricWriter(sink, interval=0.01)
    epochs(writer, 1, 5)
    import time

    deadline = time.monotonic() + 10
    while writer.written < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert writer.written == 10  # written without close()
    writer.close()
    assert len(sink.rows) == 10


@pytest.fixture
def run(store_uri):
    store = open_store(store_uri, "metrics")
    client = store.client()
    return store, client, client.create_run(store.experiment_id).info.run_id


def test_sql_sink_is_used_for_sql_stores_and_keeps_latest_metrics_right(run):
    store, client, run_id = run
    sink = metric_sink(client, run_id)
    assert isinstance(sink, SqlMetricSink)
    sink.write([("loss", 0.5, 1000, 1), ("loss", 0.25, 1001, 2)])
    sink.write([("loss", 0.125, 1002, 3), ("accuracy", 1.0, 1002, 3)])
    assert metric_history(store, run_id, "loss")[1].tolist() == [0.5, 0.25, 0.125]
    assert client.get_run(run_id).data.metrics == {"loss": 0.125, "accuracy": 1.0}


def test_sql_sink_stores_nan_and_inf_as_log_batch_does(run):
    store, client, run_id = run
    SqlMetricSink(client._tracking_client.store, run_id).write(
        [("loss", math.nan, 1, 1), ("loss", math.inf, 1, 2), ("loss", -math.inf, 1, 3)]
    )
    values = metric_history(store, run_id, "loss")[1]
    assert math.isnan(values[0]) and values[1] == 1.7976931348623157e308 and values[2] == -1.7976931348623157e308


def test_sql_sink_splits_big_batches_into_several_statements(run):
    store, client, run_id = run
    rows = [("loss", float(step), 7, step) for step in range(1, 12_346)]
    SqlMetricSink(client._tracking_client.store, run_id).write(rows)
    steps, values = metric_history(store, run_id, "loss")
    assert steps.tolist() == list(range(1, 12_346)) and values.tolist() == [float(s) for s in steps]


def test_batch_sink_sends_at_most_1000_points_per_call(run):
    store, client, run_id = run
    calls = []

    class CountingClient:
        def log_batch(self, run_id, metrics, synchronous):
            calls.append(len(metrics))
            client.log_batch(run_id, metrics=metrics, synchronous=synchronous)

    writer = MetricWriter(BatchMetricSink(CountingClient(), run_id), interval=3600)
    epochs(writer, 1, 1250)
    writer.close()
    assert calls == [1000, 1000, 500]
    assert metric_history(store, run_id, "accuracy")[0].tolist() == list(range(1, 1251))
