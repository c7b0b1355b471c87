"""The steps every training command shares: load the data, train, report."""

from __future__ import annotations

import typer

from backprop.config import TrainConfig
from backprop.console import report_lines
from backprop.data import dataset_points
from backprop.datasets import DatasetError
from backprop.training import DivergenceError, TrainResult, train
from bp.errors import BadOption, Failure


def load_points(config: TrainConfig):
    """The config's points, a bad CSV file reported as a bad --dataset."""
    try:
        return dataset_points(config)
    except DatasetError as error:
        raise BadOption("--dataset", str(error)) from None


def run_training(config: TrainConfig, points, callback) -> TrainResult:
    """train(), with divergence reported as a runtime failure (exit 1)."""
    try:
        return train(config, callback, points=points)
    except DivergenceError as error:
        raise Failure(str(error)) from None


def report_result(result: TrainResult, quiet: bool) -> None:
    """The lab's test report on the test points, and where the target was reached."""
    if quiet:
        return
    config, history = result.config, result.history
    if history.target_epoch is not None:
        typer.echo(f"reached {100 * config.target_accuracy:.2f}% training accuracy at epoch {history.target_epoch}")
    elif config.target_accuracy is not None:
        typer.echo(f"did not reach {100 * config.target_accuracy:.2f}% training accuracy in {config.epochs} epochs")
    if result.data.held_out:
        typer.echo(f"held-out test points ({len(result.data.X_test)}):")
    for line in report_lines(result):
        typer.echo(line)
