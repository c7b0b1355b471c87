"""`bp reproduce RUN`: retrain a stored run from its parameters and check it comes back bit for bit."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from bp.errors import BadOption, Failure

STORE_HELP = "Tracking store."
STORE_DEFAULT = "$MLFLOW_TRACKING_URI, else sqlite:///mlruns/mlflow.db"


def reproduce(
    run: Annotated[str, typer.Argument(help="A run id, a unique prefix of one (6 characters or more), or 'latest' (the newest finished run).", show_default=False)],
    out: Annotated[Optional[Path], typer.Option(help="Write the redrawn figures here, and the stored ones under stored/.", show_default="reproduced/<run id>/")] = None,
    atol: Annotated[float, typer.Option(min=0, help="Largest absolute difference in weights and metrics still counted as the same.")] = 0.0,
    figures_only: Annotated[bool, typer.Option("--figures-only", help="Do not train: redraw the figures from the stored weights and metrics.")] = False,
    track: Annotated[bool, typer.Option("--track", help="Record the retraining as a new run, tagged bp.reproduces=<run id> and bp.verdict.")] = False,
    tracking_uri: Annotated[Optional[str], typer.Option(help=STORE_HELP, show_default=STORE_DEFAULT)] = None,
    experiment: Annotated[Optional[str], typer.Option(help="Where 'latest' looks.", show_default="every experiment")] = None,
):
    """Retrain a tracked run from its parameters and seed, and compare it with what was stored.

    Compares the final weights bit for bit and the per-epoch loss and accuracy histories;
    prints `reproduced: identical`, or the largest differences and the epoch at which the
    histories part, and exits 0 when identical (within --atol), 1 otherwise. Writes the
    comparison, learning-curve and decision-boundary figures of the retrained model.
    """
    from backprop.datasets import DatasetError
    from backprop.figures import save_all
    from backprop.training import DivergenceError
    from bp.selection import load, pick_run
    from bp.tracked import open_tracking_store
    from tracking.errors import first_line, store_errors
    from tracking.reproduce import code_version_warning

    if figures_only and (track or atol):
        raise BadOption("--track" if track else "--atol", "there is nothing to compare with --figures-only")
    store = open_tracking_store(tracking_uri, None, must_exist=True)
    found = pick_run(store, run, experiment)
    stored = load(store, found)
    run_id = stored.run_id
    typer.echo(f"run {run_id} ({stored.config.label}), {stored.history.epochs} epochs stored")
    warning = code_version_warning(found)
    if warning:
        typer.echo(f"warning: {warning}", err=True)
    out = out if out is not None else Path("reproduced") / run_id

    if figures_only:
        try:
            result = stored.result()
        except ValueError as error:  # weights that do not fit the network the parameters describe
            raise Failure(f"cannot rebuild run {run_id}'s network: {error}") from None
        _report_figures("figures from the stored weights and metrics", save_all(result, out), out)
        _copy_stored(store, run_id, out)
        return

    track_in = open_tracking_store(tracking_uri, _experiment_name(store, found)) if track else None
    try:
        reproduction = _retrain(store, stored, atol, track_in)
    except DivergenceError as error:
        raise Failure(f"reproduced: DIFFERENT (the retraining diverged: {error})") from None
    except DatasetError as error:
        raise Failure(f"cannot regenerate the run's points: {error}") from None
    except store_errors() as error:  # only with --track: the store failed mid-way
        raise Failure(f"tracking the reproduction failed: {first_line(error)}") from None
    for note in reproduction.notes:
        typer.echo(f"note: {note}")
    typer.echo(reproduction.headline())
    if not reproduction.verdict.identical:  # the headline named the weights and histories: add the rest
        for mismatch in reproduction.mismatches:
            typer.echo(f"  also {mismatch}")
    _report_figures("figures of the retrained model", save_all(reproduction.result, out), out)
    _copy_stored(store, run_id, out)
    if reproduction.run_id is not None:
        typer.echo(f"tracked as run {reproduction.run_id}, tagged bp.reproduces={run_id}")
    if not reproduction.identical:
        raise typer.Exit(1)


def _retrain(store, stored, atol: float, track_in):
    """Retrain with a progress bar on a terminal (no epoch lines: the verdict is what counts)."""
    from bp.console import EpochPrinter
    from tracking.reproduce import reproduce as retrain

    with EpochPrinter(stored.config, stored.config.epochs, quiet=True, bar=sys.stdout.isatty()) as printer:
        return retrain(store, stored, atol, printer, track_in)


def _experiment_name(store, run) -> str:
    """The reproduction is tracked beside the run it reproduces."""
    return store.client().get_experiment(run.info.experiment_id).name


def _report_figures(what: str, paths: dict, out: Path) -> None:
    typer.echo(f"{what} in {out}{os.sep}: " + ", ".join(path.name for path in paths.values()))


def _copy_stored(store, run_id: str, out: Path) -> None:
    from tracking.errors import first_line, store_errors
    from tracking.stored import copy_stored_figures

    try:
        paths = copy_stored_figures(store, run_id, out / "stored")
    except (*store_errors(), OSError) as error:  # the figures are a convenience: say so, go on
        typer.echo(f"warning: could not copy the stored figures: {first_line(error)}", err=True)
        return
    if paths:
        typer.echo(f"the figures the run stored, to set beside them, in {out / 'stored'}{os.sep}")
