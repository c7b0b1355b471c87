"""`bp sweep --jobs 2` against `--jobs 1`: the same 12-configuration sweep, wall times side by side.

    python bench/sweep_speedup.py [--epochs 5000] [--jobs 2] [--repeats 2]

The sweep is the lab's network (2-100-100-1, sigmoid, full-batch gradient descent) on
`linear`, three learning rates times four seeds, every epoch run (target off), so that
each configuration costs the same. Each `bp sweep` is a fresh process writing into its
own temporary store, created (migrated) before the clock starts, as a user's store
already is. Times are the whole command: start-up, the parent run, every child, the
table; the CPU time beside it is that of the command and its workers (the same work
spread over more processes should cost about as much CPU). The two settings alternate, `--repeats` times each, each time in fresh stores;
the best time of each is compared (other work on the cores only ever slows a sweep
down, so the fastest run is the one least disturbed), and the machine's load average is
printed beside every time. Also checks that every child landed FINISHED with all its
epochs. A process per core pays a fixed start-up (each worker loads mlflow and matplotlib,
about 5 s of CPU) that the sweep's own work must outweigh.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GRID = ["--dataset", "linear", "--lr", "0.1", "--lr", "0.01", "--lr", "0.001", "--seeds", "4", "--target-accuracy", "off"]


def timed_sweep(uri: str, jobs: int, epochs: int, folder: str) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the command and its worker processes, parent run id)."""
    command = [sys.executable, "-m", "bp", "sweep", *GRID, "--epochs", str(epochs), "--jobs", str(jobs),
               "--quiet", "--tracking-uri", uri]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=folder)
    elapsed = time.perf_counter() - clock
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"bp sweep --jobs {jobs} failed: {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, done.stdout.strip()


def check(uri: str, parent_id: str, epochs: int) -> str | None:
    """What is wrong with the sweep's children, or None."""
    from tracking import open_store
    from tracking.runs import metric_history
    from tracking.sweep import children

    store = open_store(uri, None)
    kids = children(store, parent_id)
    if len(kids) != 12 or any(run.info.status != "FINISHED" for run in kids):
        return f"{len(kids)} children, statuses {sorted({run.info.status for run in kids})}"
    for run in kids:
        if len(metric_history(store, run.info.run_id, "loss")[0]) != epochs:
            return f"run {run.info.run_id} lacks epochs"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2, help="compared with --jobs 1")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    from tracking import open_store

    print(f"12 configurations (linear, lr 0.1/0.01/0.001 x seeds 0-3, {args.epochs} epochs each), "
          f"{os.cpu_count()} cores")  # fmt: skip
    times: dict[int, list[float]] = {1: [], args.jobs: []}
    complete = True
    for attempt in range(args.repeats):
        for jobs in (1, args.jobs):
            with tempfile.TemporaryDirectory(prefix="bp-sweep-bench-") as folder:
                uri = f"sqlite:///{Path(folder, 'store', 'mlflow.db').as_posix()}"
                open_store(uri, "linear")  # migrated now, not on the clock
                load = os.getloadavg()[0]
                elapsed, cpu, parent_id = timed_sweep(uri, jobs, args.epochs, folder)
                problem = check(uri, parent_id, args.epochs)
            times[jobs].append(elapsed)
            complete = complete and problem is None
            print(f"--jobs {jobs}: {elapsed:6.1f} s wall, {cpu:6.1f} s CPU   (load average before: {load:.2f})"
                  + (f"   INCOMPLETE: {problem}" if problem else "   every child FINISHED with all its epochs"))  # fmt: skip
    best = {jobs: min(values) for jobs, values in times.items()}
    ratio = best[1] / best[args.jobs]
    print(f"best of {args.repeats}: --jobs 1 {best[1]:.1f} s, --jobs {args.jobs} {best[args.jobs]:.1f} s: "
          f"speed-up {ratio:.2f}x (goal: 1.7x)")  # fmt: skip
    return 0 if complete and ratio >= 1.7 else 1


if __name__ == "__main__":
    sys.exit(main())
