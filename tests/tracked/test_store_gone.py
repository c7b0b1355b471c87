"""A store that stops answering: the metric writer gives up and the run ends, in bounded time.

tests/server/test_server_lost.py does this with a real server killed mid-run; these are the
pieces, without one.
"""

from __future__ import annotations

import os
import socket
import time

import pytest
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

from tracking.http import BOUNDED, bound_retries, unreachable
from tracking.metrics import MetricWriter

EPOCH = {"loss": 0.5, "accuracy": 1.0}


class DeadSink:
    """Writes `good` calls, then fails every one after."""

    chunk = 4  # two epochs of loss and accuracy

    def __init__(self, good: int = 0):
        self.good, self.calls, self.rows = good, 0, []

    def write(self, rows):
        self.calls += 1
        if self.calls > self.good:
            raise OSError("the store is gone")
        self.rows.extend(rows)


def wait_until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_writer_gives_up_after_two_failed_writes_in_a_row_and_training_hears_of_it():
    sink = DeadSink()
    writer = MetricWriter(sink, interval=0.01, give_up_after=2)
    writer(1, EPOCH)
    wait_until(lambda: writer.gave_up)
    assert writer.gave_up and sink.calls == 2  # the thread stopped trying
    with pytest.raises(OSError, match="gone"):
        writer(2, EPOCH)  # the next epoch raises, in the training thread
    with pytest.raises(OSError, match="gone"):
        writer.close()
    assert sink.calls == 3  # close() tried once more, not three times over


def test_a_failed_close_leaves_one_attempt_to_the_next(monkeypatch):
    monkeypatch.setattr("tracking.metrics.time.sleep", lambda seconds: None)
    sink = DeadSink()
    writer = MetricWriter(sink, interval=3600)
    writer(1, EPOCH)
    with pytest.raises(OSError):
        writer.close(attempts=3)
    assert sink.calls == 3
    with pytest.raises(OSError):
        writer.close(attempts=3)  # what closing a failed run does again: once, not three times
    assert sink.calls == 4


def test_last_step_is_the_last_epoch_committed_whole():
    sink = DeadSink(good=1)
    writer = MetricWriter(sink, interval=3600)
    for epoch in range(1, 6):
        writer(epoch, EPOCH)  # 10 rows: chunks of epochs 1-2 (written), 3-4 (fails), 5
    with pytest.raises(OSError):
        writer.flush()
    assert writer.last_step == 2 and [row[3] for row in sink.rows] == [1, 1, 2, 2]


def closed_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once the socket closes: nothing listens there


def test_unreachable_names_a_refused_connection_and_nothing_else(monkeypatch):
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")  # refused at once, no backing off
    client = MlflowClient(f"http://127.0.0.1:{closed_loopback_port()}")
    with pytest.raises(MlflowException) as raised:
        client.get_experiment_by_name("anything")
    assert unreachable(raised.value) == "connection refused"
    # A server that answered, refusing, is not a lost one.
    assert unreachable(MlflowException("Run 'abc' not found", error_code="RESOURCE_DOES_NOT_EXIST")) is None
    assert unreachable(OSError("database is locked")) is None


def test_bound_retries_fills_in_only_what_the_user_left_unset(monkeypatch):
    for name in BOUNDED:
        monkeypatch.delenv(name, raising=False)  # and restored, whatever bound_retries sets
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_TIMEOUT", "300")
    bound_retries()
    assert os.environ["MLFLOW_HTTP_REQUEST_TIMEOUT"] == "300"
    assert os.environ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] == BOUNDED["MLFLOW_HTTP_REQUEST_MAX_RETRIES"]
    assert os.environ["MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR"] == BOUNDED["MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR"]
