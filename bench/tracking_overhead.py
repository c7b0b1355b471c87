"""What tracking adds to training: a 10,000-epoch XOR run with and without `--track`.

    python bench/tracking_overhead.py [--epochs 10000] [--repeats 5] [--server]

Both runs train the same config (the lab's setup, fixed epochs, target accuracy off)
in this one process, alternately, `--repeats` times. The tracked run goes through
`tracking.train_tracked`, the call `bp train --track` makes, into each target store:
- sqlite: a fresh SQLite store in a temporary folder (always);
- server (with --server): a local `mlflow server` started as the team server runs
  (tests/server/: PostgreSQL behind it, artifacts proxied), reached over HTTP only.
  Without PostgreSQL's binaries the server keeps its runs in SQLite instead.
Printed per target, side by side, as medians (and the best of the repeats, less
disturbed by whatever else the machine runs):
- training: the untracked run's wall time and CPU time, measured alongside that target;
- tracking: what the tracked run's training phase (every epoch's metrics queued and
  written, the last write included) took beyond that, as a ratio to training. Wall
  time is the goal; CPU time, this process's threads only, shows the work a spare
  core absorbs (a server's own work is in other processes);
- per run, apart: the run's set-up (run, parameters, dataset) and its outcome (weights,
  figures, test report, pyfunc model), which do not grow with the epochs;
- the store's start-up: schema migrations of a fresh SQLite store; for the server,
  from spawning it to its first answer (once per deployment, not per run).
Then it checks that every step of `loss` and `accuracy` of every tracked run is in its
store, equal to the history the run returned.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from backprop.config import TrainConfig
from backprop.training import train

TESTS = Path(__file__).resolve().parents[1] / "tests"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--server", action="store_true", help="also track to a local mlflow server, over HTTP")
    args = parser.parse_args()
    config = TrainConfig(dataset="xor", epochs=args.epochs, target_accuracy=None)
    os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")  # a server's run links

    clock = time.perf_counter()
    import mlflow  # noqa: F401  (imported once, up front: not a cost of any one run)

    imported = time.perf_counter() - clock
    results = {}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bp-bench-")))
        targets = {"sqlite": sqlite_target(folder)}
        if args.server:
            targets.update(stack.enter_context(server_target(folder)))
        for name, (uri, startup) in targets.items():
            results[name] = measure(config, uri, args.repeats, startup)
        print(f"{config.label}: {config.epochs} epochs, {args.repeats} runs each way, median (best)")
        report(results, config.epochs)
        print(f"import mlflow: {imported:.3f} s (once per process)")
        return max(verify(name, result) for name, result in results.items())


def sqlite_target(folder: Path) -> tuple[str, None]:
    return f"sqlite:///{(folder / 'mlflow.db').as_posix()}", None


@contextmanager
def server_target(folder: Path):
    """{"server (...)": (its URI, seconds to start)}: the tests' team-server topology."""
    sys.path.insert(0, str(TESTS))  # tests/server's helpers need no pytest
    from server import mlflow_process, postgres

    with ExitStack() as stack:
        bindir = postgres.find_bindir()
        clock = time.perf_counter()
        if bindir is None:
            backend, kind = f"sqlite:///{(folder / 'server.db').as_posix()}", "SQLite"
        else:
            cluster = postgres.start(bindir)
            stack.callback(postgres.stop, cluster)
            backend, kind = cluster.backend_store_uri, "PostgreSQL"
        workdir = folder / "server"
        workdir.mkdir()
        server = mlflow_process.start(backend, workdir)
        stack.callback(mlflow_process.stop, server)
        yield {f"server ({kind})": (server.uri, time.perf_counter() - clock)}


def measure(config: TrainConfig, uri: str, repeats: int, startup: float | None) -> dict:
    """Untracked and tracked runs of `config`, alternately; their timings and the tracked runs."""
    from tracking import open_store, train_tracked

    clock = time.perf_counter()
    store = open_store(uri, "bench")
    if startup is None:  # a fresh SQLite store: migrations happen in open_store
        startup = time.perf_counter() - clock
    train_tracked(config.replace(epochs=5), store=store)  # warm-up: first figures, first model
    plain, plain_cpu, tracked = [], [], []
    for _ in range(repeats):
        clock, cpu = time.perf_counter(), time.process_time()
        train(config)
        plain.append(time.perf_counter() - clock)
        plain_cpu.append(time.process_time() - cpu)
        tracked.append(train_tracked(config, store=store))
    return {"store": store, "startup": startup, "plain": plain, "plain_cpu": plain_cpu, "tracked": tracked,
            "wall": [t.timings["training"] for t in tracked], "cpu": [t.timings["training_cpu"] for t in tracked]}


def _both(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f})"


def _added(extra: list[float], base: list[float]) -> str:
    added = statistics.median(extra) - statistics.median(base)
    best = min(extra) - min(base)
    return f"{added:.3f} s = {added / statistics.median(base):.1%} ({best / min(base):.1%} best)"


def report(results: dict, epochs: int) -> None:
    rows = {
        "training, untracked, wall": lambda r: _both(r["plain"]),
        "training, untracked, CPU": lambda r: _both(r["plain_cpu"]),
        "ms per epoch, untracked": lambda r: f"{1000 * statistics.median(r['plain']) / epochs:.3f}",
        "training, tracked, wall": lambda r: _both(r["wall"]),
        "training, tracked, CPU": lambda r: _both(r["cpu"]),
        "tracking adds, wall": lambda r: _added(r["wall"], r["plain"]),
        "tracking adds, CPU": lambda r: _added(r["cpu"], r["plain_cpu"]),
        "per run, setup (run, params, dataset)": lambda r: _phase(r, "setup"),
        "per run, outcome (weights, figures, model)": lambda r: _phase(r, "outcome"),
        "store start-up (once)": lambda r: f"{r['startup']:.3f} s",
    }
    cells = [[name, *(row(result) for result in results.values())] for name, row in rows.items()]
    table = [["", *results], *cells]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


def _phase(result: dict, phase: str) -> str:
    return f"{statistics.median(t.timings[phase] for t in result['tracked']):.3f} s"


def verify(name: str, result: dict) -> int:
    client = result["store"].client()
    for run in result["tracked"]:
        history = run.result.history
        for key in ("loss", "accuracy"):
            points = sorted(client.get_metric_history(run.run_id, key), key=lambda m: m.step)
            steps = [m.step for m in points]
            values = [m.value for m in points]
            if steps != list(range(1, history.epochs + 1)) or values != getattr(history, key):
                print(f"FAILED: {name}: run {run.run_id}: {key} has {len(points)} points, expected {history.epochs}")
                return 1
    epochs = result["tracked"][0].result.history.epochs
    print(f"verified ({name}): all {epochs} steps of loss and accuracy of each of the "
          f"{len(result['tracked'])} tracked runs are in the store")
    return 0


if __name__ == "__main__":
    sys.exit(main())
