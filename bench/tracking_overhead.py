"""What tracking adds to training: a 10,000-epoch XOR run with and without `--track`.

    python bench/tracking_overhead.py [--epochs 10000] [--repeats 5]

Both runs train the same config (the lab's setup, fixed epochs, target accuracy off)
in this one process, alternately, `--repeats` times. The tracked run goes through
`tracking.train_tracked`, the call `bp train --track` makes, into a fresh SQLite store
in a temporary folder. Printed, as medians (and the best of the repeats, less
disturbed by whatever else the machine runs):
- training: the untracked run's wall time and CPU time;
- tracking: what the tracked run's training phase (every epoch's metrics queued and
  written, the last write included) took beyond that, as a ratio to training. Wall
  time is the goal; CPU time, every thread's, shows the work a spare core absorbs;
- per run, apart: the run's set-up (run, parameters, dataset) and its outcome (weights,
  figures, test report, pyfunc model), which do not grow with the epochs;
- the fresh store's start-up (schema migrations), once per store.
Then it checks that every step of `loss` and `accuracy` of every tracked run is in the
store, equal to the history the run returned.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from backprop.config import TrainConfig
from backprop.training import train


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    config = TrainConfig(dataset="xor", epochs=args.epochs, target_accuracy=None)

    clock = time.perf_counter()
    import mlflow  # noqa: F401  (imported once, up front: not a cost of any one run)

    from tracking import open_store, train_tracked

    imported = time.perf_counter() - clock
    with tempfile.TemporaryDirectory(prefix="bp-bench-") as folder:
        uri = f"sqlite:///{Path(folder, 'mlflow.db').as_posix()}"
        clock = time.perf_counter()
        store = open_store(uri, "bench")
        startup = time.perf_counter() - clock
        train_tracked(config.replace(epochs=5), store=store)  # warm-up: first figures, first model

        plain, plain_cpu, tracked = [], [], []
        for _ in range(args.repeats):
            clock, cpu = time.perf_counter(), time.process_time()
            train(config)
            plain.append(time.perf_counter() - clock)
            plain_cpu.append(time.process_time() - cpu)
            tracked.append(train_tracked(config, store=store))

        wall = [t.timings["training"] for t in tracked]
        cpu = [t.timings["training_cpu"] for t in tracked]
        print(f"{config.label}: {config.epochs} epochs, {args.repeats} runs each way, median (best)")
        print(f"training, untracked: {_both(plain)} wall, {_both(plain_cpu)} CPU; {1000 * statistics.median(plain) / config.epochs:.3f} ms/epoch")
        print(f"training, tracked:   {_both(wall)} wall, {_both(cpu)} CPU")
        for name, extra, base in (("wall", wall, plain), ("CPU", cpu, plain_cpu)):
            added = statistics.median(extra) - statistics.median(base)
            best = min(extra) - min(base)
            print(f"tracking adds ({name:>4}): {added:6.3f} s = {added / statistics.median(base):6.1%} of training ({best / min(base):.1%} best to best)")
        for phase, what in (("setup", "run, params, dataset"), ("outcome", "weights, figures, report, model")):
            print(f"per run, {phase:<8}     {statistics.median(t.timings[phase] for t in tracked):6.3f} s ({what})")
        print(f"fresh store start-up: {startup:6.3f} s (schema migrations; once per store)")
        print(f"import mlflow:        {imported:6.3f} s (once per process)")
        return verify(store, tracked)


def _both(values: list[float]) -> str:
    return f"{statistics.median(values):6.3f} s ({min(values):.3f})"


def verify(store, tracked) -> int:
    client = store.client()
    for run in tracked:
        history = run.result.history
        for key in ("loss", "accuracy"):
            points = sorted(client.get_metric_history(run.run_id, key), key=lambda m: m.step)
            steps = [m.step for m in points]
            values = [m.value for m in points]
            if steps != list(range(1, history.epochs + 1)) or values != getattr(history, key):
                print(f"FAILED: run {run.run_id}: {key} has {len(points)} points, expected {history.epochs}")
                return 1
    epochs = tracked[0].result.history.epochs
    print(f"verified: all {epochs} steps of loss and accuracy of each of the {len(tracked)} tracked runs are in the store")
    return 0


if __name__ == "__main__":
    sys.exit(main())
