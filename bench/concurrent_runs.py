"""Several `bp train --track` processes writing to one brand-new SQLite store at once.

    python bench/concurrent_runs.py [--processes 8] [--epochs 2000]

Starts the processes together against a fresh store in a temporary folder (so they
race to create it, and to create the experiment), waits for all of them, and checks
that each one's run is FINISHED with every epoch of `loss` and `accuracy` in the
store and that no process printed "database is locked". Prints the wall time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--epochs", type=int, default=2000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bp-concurrent-") as folder:
        uri = f"sqlite:///{Path(folder, 'store', 'mlflow.db').as_posix()}"
        clock = time.perf_counter()
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "bp", "train", "--track", "--quiet", "--tracking-uri", uri,
                 "--epochs", str(args.epochs), "--target-accuracy", "off", "--seed", str(seed)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder,
            )  # fmt: skip
            for seed in range(args.processes)
        ]
        outcomes = [(p.wait(), *p.communicate()) for p in processes]
        elapsed = time.perf_counter() - clock
        failures = [(code, err.strip()) for code, _, err in outcomes if code != 0 or "locked" in err]
        run_ids = [out.strip().splitlines()[-1] for code, out, _ in outcomes if code == 0 and out.strip()]
        print(f"{args.processes} processes x {args.epochs} epochs on a fresh store: {elapsed:.1f} s wall")
        for code, err in failures:
            print(f"  process failed (exit {code}): {err[-300:]}")
        incomplete = check(uri, run_ids, args.epochs)
        for line in incomplete:
            print(f"  {line}")
        print(f"complete runs: {len(run_ids) - len(incomplete)} of {args.processes}")
        return 0 if not failures and not incomplete and len(run_ids) == args.processes else 1


def check(uri: str, run_ids: list[str], epochs: int) -> list[str]:
    """What is wrong with each run that did not land whole."""
    from mlflow import MlflowClient

    client, problems = MlflowClient(uri), []
    for run_id in run_ids:
        run = client.get_run(run_id)
        if run.info.status != "FINISHED":
            problems.append(f"run {run_id} is {run.info.status}")
        for key in ("loss", "accuracy"):
            steps = sorted(m.step for m in client.get_metric_history(run_id, key))
            if steps != list(range(1, epochs + 1)):
                problems.append(f"run {run_id}: {len(steps)} steps of {key}, expected {epochs}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
