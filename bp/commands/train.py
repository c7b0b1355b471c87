"""`bp train`: train one network and print the lab's console output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from bp.options import config_options


@config_options()
def train(
    settings,
    print_every: Annotated[int, typer.Option(min=1, help="Print the epoch line every N epochs.")] = 100,
    out: Annotated[Optional[Path], typer.Option(help="Write the comparison, learning-curve and decision-boundary figures (PNG) here.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
):
    """Train the MLP and print the lab's training and test lines.

    The defaults are the lab's setup: 2-100-100-1, sigmoid, standard-normal weights,
    MSE, full-batch gradient descent, stopping at 100% training accuracy.
    """
    from bp.console import EpochPrinter
    from bp.run import load_points, report_result, run_training
    from bp.options import build_config

    config = build_config(settings)
    points = load_points(config)
    with EpochPrinter(config, print_every, quiet) as printer:
        result = run_training(config, points, printer)
    report_result(result, quiet)
    if out is not None:
        from backprop.figures import save_all

        paths = save_all(result, out)
        if not quiet:
            typer.echo("figures: " + ", ".join(str(p) for p in paths.values()))
