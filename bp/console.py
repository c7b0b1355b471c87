"""What a training run shows on the terminal: the lab's epoch lines and a progress bar."""

from __future__ import annotations

import sys
from typing import Callable

import typer

from backprop.config import TrainConfig
from backprop.console import epoch_line


def _line(epoch: int, metrics: dict[str, float]) -> str:
    line = epoch_line(epoch, metrics["loss"], metrics["accuracy"])
    if "test_loss" in metrics:
        line += f" | test loss : {metrics['test_loss']:.5f} test accuracy : {100 * metrics['test_accuracy']:.2f}%"
    return line


class EpochPrinter:
    """An epoch callback printing every `every` epochs (and the first and the last),
    above a rich progress bar when standard output is a terminal."""

    def __init__(self, config: TrainConfig, every: int, quiet: bool = False, bar: bool | None = None):
        self.config, self.every, self.quiet = config, every, quiet
        self.bar = (sys.stdout.isatty() and not quiet) if bar is None else bar
        self._progress = None
        self._last: tuple[int, dict] | None = None
        self._printed = 0

    def __enter__(self) -> "EpochPrinter":
        if self.bar:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("epoch"),
                MofNCompleteColumn(),
                BarColumn(),
                TextColumn("loss {task.fields[loss]:.5f}  accuracy {task.fields[accuracy]:6.2f}%"),
                TimeElapsedColumn(),
                transient=True,
            )
            self._task = self._progress.add_task("train", total=self.config.epochs, loss=float("nan"), accuracy=0.0)
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()
        self.flush()

    def _print(self, text: str) -> None:
        (self._progress.console.print if self._progress is not None else typer.echo)(text)

    def __call__(self, epoch: int, metrics: dict[str, float]) -> None:
        self._last = (epoch, metrics)
        if not self.quiet and (epoch == 1 or epoch % self.every == 0):
            self._print(_line(epoch, metrics))
            self._printed = epoch
        if self._progress is not None:
            self._progress.update(self._task, completed=epoch, loss=metrics["loss"], accuracy=100 * metrics["accuracy"])

    def flush(self) -> None:
        """Print the last epoch's line if it has not been printed (where training stopped)."""
        if self._last is not None and not self.quiet and self._last[0] != self._printed:
            typer.echo(_line(*self._last))
            self._printed = self._last[0]


def chain(*callbacks: Callable | None) -> Callable:
    """One epoch callback calling each of `callbacks` in turn."""
    active = [c for c in callbacks if c is not None]

    def call(epoch: int, metrics: dict[str, float]) -> None:
        for callback in active:
            callback(epoch, metrics)

    return call
