"""Per-epoch metrics into the store at close to the cost of a plain SQL insert.

One `log_metric` call costs milliseconds, far more than an epoch of the lab's
network, so epochs are not logged one by one. The epoch callback only appends to
an in-memory queue (about a microsecond); a background thread writes whatever has
queued every `interval` seconds, overlapping with training (SQLite does its work
without holding the GIL, on another core when one is free), and `close()` writes the
rest. Rows leave the queue only once committed, so a failed write is retried at the
next flush and an interrupted run keeps every epoch reported before `close()`.
The store sees a running run's curves grow every `interval` seconds, too.
A store that fails `give_up_after` background writes in a row is gone (a stopped
server): the writer stops, and the next epoch raises its error, so the run ends
instead of training on, unrecorded, towards a close that would fail anyway.

Two sinks write a batch:
- SQL stores (SQLite, PostgreSQL, ...): one bulk INSERT into MLflow's own `metrics`
  table through the store's SQLAlchemy engine, then MLflow's own routine to keep the
  `latest_metrics` table (what the runs table and search show) right, in the same
  transaction. That is exactly what `log_batch` stores, minus its per-row overhead.
- any other store (an http:// server): `log_batch`, 1,000 points per request.
"""

from __future__ import annotations

import collections
import itertools
import math
import operator
import sqlite3
import threading
import time


class MetricWriter:
    """An epoch callback: queue `metrics` at step `epoch`, written in bulk in the background."""

    def __init__(self, sink, interval: float = 0.5, give_up_after: int = 2):
        self.sink, self.interval, self.give_up_after = sink, interval, give_up_after
        self.error: Exception | None = None  # the last failed background write, retried later
        self.gave_up = False  # give_up_after writes failed in a row: the thread has stopped
        self.written = 0  # rows committed so far
        self.last_step = 0  # the last epoch whose rows are all committed: what the store acknowledged
        self._queue: collections.deque = collections.deque()  # (key, value, timestamp ms, step)
        self._write_lock = threading.Lock()  # one write at a time: the thread's or close()'s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bp-metric-writer", daemon=True)
        self._thread.start()

    def __call__(self, epoch: int, metrics: dict[str, float]) -> None:
        if self.gave_up:  # raised in the training thread, which then closes the run
            raise self.error
        timestamp = int(time.time() * 1000)
        # One extend() call: atomic under the GIL, so the writer's snapshot of the queue never
        # holds half an epoch, and (chunks being multiples of 2 and 4 rows) last_step is exact.
        self._queue.extend([(key, float(value), timestamp, epoch) for key, value in metrics.items()])

    def _run(self) -> None:
        failures = 0  # in a row
        while not self._stop.wait(self.interval):
            try:
                self.flush()
                failures = 0
            except Exception as error:  # keep training; the rows stay queued and close() retries
                self.error, failures = error, failures + 1
                if failures >= self.give_up_after:
                    self.gave_up = True
                    return

    def flush(self) -> None:
        """Write every row queued so far, in chunks; rows leave the queue only once committed."""
        with self._write_lock:
            pending = len(self._queue)  # rows appended meanwhile wait for the next flush
            while pending:
                batch = [self._queue.popleft() for _ in range(min(pending, self.sink.chunk))]
                try:
                    self.sink.write(batch)
                except BaseException:
                    self._queue.extendleft(reversed(batch))  # back at the front, in order
                    raise
                pending -= len(batch)
                self.written += len(batch)
                self.last_step = batch[-1][3]

    def close(self, attempts: int = 3) -> None:
        """Stop the background thread and write the rest (raising if it cannot be written).

        After the writer gave up (the thread did, or an earlier close), one attempt: the
        store has already failed several, each after its own retries."""
        self._stop.set()
        self._thread.join()
        attempts = 1 if self.gave_up else attempts
        for attempt in range(attempts):
            try:
                self.flush()
                return
            except Exception as error:
                if attempt == attempts - 1:
                    self.error, self.gave_up = error, True
                    raise
                time.sleep(0.5 * 2**attempt)


class SqlMetricSink:
    """Bulk INSERT into the metrics table of a SqlAlchemyStore, keeping latest_metrics right."""

    chunk = 100_000  # rows per transaction
    # A row as built here: the queued (key, value, timestamp, step) and two more columns.
    COLUMNS = ("key", "value", "timestamp", "step", "is_nan", "run_uuid")

    def __init__(self, store, run_id: str):
        self.store, self.run_id = store, run_id
        self._compiled = None  # (one-row INSERT text, row -> its parameters, or None if rows fit as they are)

    def _insert(self, dialect):
        # Compiled once, in the store's own dialect; batches then go to the driver as plain
        # tuples, skipping SQLAlchemy's per-row processing (as costly as SQLite's own work).
        if self._compiled is None:
            from sqlalchemy import insert
            from mlflow.store.tracking.dbmodels.models import SqlMetric

            compiled = insert(SqlMetric.__table__).compile(dialect=dialect, column_keys=list(self.COLUMNS))
            if not dialect.positional:  # e.g. psycopg2's "%(key)s"
                convert = lambda row: dict(zip(self.COLUMNS, row))  # noqa: E731
            elif tuple(compiled.positiontup) == self.COLUMNS:  # SQLite's "?", in our order
                convert = None
            else:
                convert = operator.itemgetter(*(self.COLUMNS.index(name) for name in compiled.positiontup))
            self._compiled = (compiled.string, convert)
        return self._compiled

    def _statements(self, connection, values):
        """(SQL, parameters) to execute for `values`, as few statements as the driver allows."""
        sql, convert = self._insert(connection.dialect)
        if convert is not None:
            values = list(map(convert, values))
        if connection.dialect.name != "sqlite":
            yield sql, values  # executemany
            return
        # SQLite: multi-row INSERT ... VALUES (...), (...), ... statements. Python's sqlite3
        # releases the GIL around each statement step, so executemany would hand the GIL
        # back and forth with the training thread once per row; one statement per thousand
        # rows does SQLite's work in long stretches, off the training thread's way.
        head, _, one_row = sql.partition(" VALUES ")
        limit = connection.connection.driver_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per_statement = max(1, min(1000, limit // len(self.COLUMNS)))
        for start in range(0, len(values), per_statement):
            part = values[start : start + per_statement]
            text = f"{head} VALUES {', '.join([one_row] * len(part))}"
            yield text, tuple(itertools.chain.from_iterable(part))

    def _values(self, rows) -> list[tuple]:
        """Rows as COLUMNS tuples; per-row work stays in C unless a value is NaN or infinite."""
        if all(map(math.isfinite, map(operator.itemgetter(1), rows))):
            return list(map(operator.add, rows, itertools.repeat((False, self.run_id))))
        values = []
        for key, value, timestamp, step in rows:
            is_nan = False
            if not math.isfinite(value):  # as log_batch: NaN as 0 + is_nan, inf as +-max
                is_nan, value = self.store.sanitize_metric_value(value)
            values.append((key, value, timestamp, step, is_nan, self.run_id))
        return values

    def write(self, rows) -> None:
        from mlflow.store.tracking.dbmodels.models import SqlMetric

        values = self._values(rows)
        newest = {row[0]: row for row in values}  # latest_metrics needs the last row of each key
        with self.store.ManagedSessionMaker(read_only=False) as session:
            connection = session.connection()
            # The INSERT comes first: it takes SQLite's write lock (waiting on busy_timeout)
            # before anything is read, so the transaction never has to upgrade a read lock.
            for sql, parameters in self._statements(connection, values):
                connection.exec_driver_sql(sql, parameters)
            latest = [SqlMetric(**dict(zip(self.COLUMNS, row))) for row in newest.values()]
            self.store._update_latest_metrics_if_necessary(latest, session)


class BatchMetricSink:
    """`log_batch`, one call per chunk of at most 1,000 points (the REST API's limit)."""

    chunk = 1000

    def __init__(self, client, run_id: str):
        self.client, self.run_id = client, run_id

    def write(self, rows) -> None:
        from mlflow.entities import Metric

        metrics = [Metric(key, value, timestamp, step) for key, value, timestamp, step in rows]
        self.client.log_batch(self.run_id, metrics=metrics, synchronous=True)


def metric_sink(client, run_id: str):
    """The fastest safe sink for the client's store."""
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    store = client._tracking_client.store
    return SqlMetricSink(store, run_id) if isinstance(store, SqlAlchemyStore) else BatchMetricSink(client, run_id)
