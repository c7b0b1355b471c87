"""`bp train`: train one network and print the lab's console output; `--track` records it in MLflow."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from bp.errors import BadOption
from bp.options import config_options

TRACKING = "Tracking"


@config_options()
def train(
    settings,
    print_every: Annotated[int, typer.Option(min=1, help="Print the epoch line every N epochs.")] = 100,
    out: Annotated[Optional[Path], typer.Option(help="Write the comparison, learning-curve and decision-boundary figures (PNG) here.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors (and, with --track, the run id).")] = False,
    track: Annotated[bool, typer.Option("--track", help="Record the run in MLflow: parameters, every epoch's metrics, weights, figures, model.", rich_help_panel=TRACKING)] = False,
    tracking_uri: Annotated[Optional[str], typer.Option(help="Tracking store \\[default: $MLFLOW_TRACKING_URI, else sqlite:///mlruns/mlflow.db].", rich_help_panel=TRACKING)] = None,
    experiment: Annotated[Optional[str], typer.Option(help="MLflow experiment \\[default: the dataset's name].", rich_help_panel=TRACKING)] = None,
):
    """Train the MLP and print the lab's training and test lines.

    The defaults are the lab's setup: 2-100-100-1, sigmoid, standard-normal weights,
    MSE, full-batch gradient descent, stopping at 100% training accuracy.
    """
    from bp.console import EpochPrinter
    from bp.run import load_points, report_result, run_training
    from bp.options import build_config

    config = build_config(settings)
    if not track and (tracking_uri or experiment):
        raise BadOption("--tracking-uri" if tracking_uri else "--experiment", "only used with --track")
    points = load_points(config)
    tracked = None
    if track:  # tracking, and with it mlflow, is loaded only here: an untracked run never pays for it
        from bp.tracked import open_tracking_store, report_run, run_tracked
        from tracking import dataset_name

        store = open_tracking_store(tracking_uri, experiment or dataset_name(config))  # fails before training
    with EpochPrinter(config, print_every, quiet) as printer:
        if track:
            tracked = run_tracked(config, points, printer, store, quiet)
            result = tracked.result
        else:
            result = run_training(config, points, printer)
    report_result(result, quiet)
    if out is not None:
        from backprop.figures import save_all

        paths = save_all(result, out)
        if not quiet:
            typer.echo("figures: " + ", ".join(str(p) for p in paths.values()))
    if tracked is not None:
        report_run(tracked, quiet)
