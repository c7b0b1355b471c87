"""What a sweep shows while it runs: a progress bar over configurations on a terminal,
one line per configuration otherwise (a log, a CI job), nothing with --quiet."""

from __future__ import annotations

import sys
from typing import Callable

import typer

from backprop.config import TrainConfig
from tracking import names
from tracking.sweep_child import ChildOutcome


def outcome_text(outcome: ChildOutcome) -> str:
    """`FINISHED, 100.00% at epoch 88` / `FINISHED, 90.48% after 10000 epochs` / `FAILED: why`."""
    if outcome.status != names.FINISHED:
        return f"{outcome.status}: {outcome.reason}"
    accuracy = f"{100 * outcome.final_accuracy:.2f}%"
    if outcome.target_epoch is not None:
        return f"FINISHED, {accuracy} at epoch {outcome.target_epoch}"
    return f"FINISHED, {accuracy} after {outcome.epochs} epochs"


class SweepProgress:
    """on_start / on_outcome callbacks for run_sweep; `name(config)` labels a configuration."""

    def __init__(self, name: Callable[[TrainConfig], str], quiet: bool = False, bar: bool | None = None):
        self.name, self.quiet = name, quiet
        self.bar = (sys.stdout.isatty() and not quiet) if bar is None else bar
        self.total = self.ended = self.failed = 0
        self._progress = None

    def __enter__(self) -> "SweepProgress":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def start(self, total: int) -> None:
        self.total = total
        if not self.bar or not total:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("configurations"),
            MofNCompleteColumn(),
            BarColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
        )
        self._task = self._progress.add_task("sweep", total=total, failed=0)
        self._progress.start()

    def __call__(self, outcome: ChildOutcome) -> None:
        self.ended += 1
        self.failed += outcome.status != names.FINISHED
        if self.quiet:
            return
        line = f"[{self.ended}/{self.total}] {self.name(outcome.config)}: {outcome_text(outcome)}"
        if self._progress is not None:
            if outcome.status != names.FINISHED:  # failures stay on screen; the bar counts the rest
                self._progress.console.print(line)
            self._progress.update(self._task, completed=self.ended, failed=self.failed)
        else:
            typer.echo(line)
