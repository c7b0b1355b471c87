"""`bp compare RUN RUN ...`: stored runs side by side, labelled by the settings that differ."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from bp.errors import BadOption

METRICS = ("loss", "accuracy", "test_loss", "test_accuracy")
STORE_HELP = "Tracking store."
STORE_DEFAULT = "$MLFLOW_TRACKING_URI, else sqlite:///mlruns/mlflow.db"


def compare(
    runs: Annotated[Optional[list[str]], typer.Argument(help="Run ids, unique prefixes of them (6 characters or more), or 'latest'. None: the runs --where picks.", show_default=False)] = None,
    where: Annotated[Optional[str], typer.Option(help="Pick the finished runs matching this MLflow filter instead, e.g. \"params.activation = 'relu'\".")] = None,
    experiment: Annotated[Optional[str], typer.Option(help="Where --where and 'latest' look.", show_default="every experiment")] = None,
    metric: Annotated[str, typer.Option(help=f"The curve to overlay: {', '.join(METRICS)}.")] = "loss",
    out: Annotated[Path, typer.Option(help="Write the figures here.")] = Path("compared"),
    limit: Annotated[int, typer.Option(min=1, help="With --where: at most this many runs, the newest.")] = 20,
    tracking_uri: Annotated[Optional[str], typer.Option(help=STORE_HELP, show_default=STORE_DEFAULT)] = None,
):
    """Compare stored runs: a table, their learning curves overlaid, their predictions in a grid.

    Each run is labelled by the parameters in which the runs differ (lr=0.1, lr=0.01, ...).
    The table gives the final loss and accuracy and the epoch at which each run reached its
    target accuracy.
    """
    if metric not in METRICS:
        raise BadOption("--metric", f"choose one of {', '.join(METRICS)}; got {metric!r}")
    if runs and where:
        raise BadOption("--where", "give run ids or --where, not both")
    from rich.console import Console

    from backprop.differences import labels
    from bp.comparison import print_comparison
    from bp.selection import load, pick_runs
    from bp.tracked import open_tracking_store

    store = open_tracking_store(tracking_uri, None, must_exist=True)
    found, more = pick_runs(store, runs or [], experiment, where, limit)
    print_comparison(store, found, Console(width=max(Console().width, 120)))
    if more:
        typer.echo(f"(the newest {limit} of the matching runs: --limit shows more)")
    stored = [load(store, run) for run in found]
    missing = [s.run_id for s in stored if not getattr(s.history, metric)]
    if missing:
        raise BadOption("--metric", f"run {missing[0]} has no {metric} history (no held-out test split)")
    names = _distinct(labels([s.config for s in stored]), [s.run_id for s in stored])
    paths = _draw(stored, names, metric, out)
    typer.echo("figures: " + ", ".join(map(str, paths)))


def _distinct(names: list[str], run_ids: list[str]) -> list[str]:
    """Runs with the same settings (a run and its reproduction) get their short ids added."""
    if len(set(names)) == len(names):
        return names
    return [f"{name} ({run_id[:8]})" for name, run_id in zip(names, run_ids)]


def _draw(stored, names: list[str], metric: str, out: Path) -> list[Path]:
    """The overlaid curves of `metric` and the grid of each run's predictions, as PNGs in `out`."""
    from backprop.overlays import comparison_grid, overlay_curves

    results = [s.result() for s in stored]  # the stored weights on the stored points: no training
    panels = [(r.data.y_test, r.model.predict_proba(r.data.X_test)) for r in results]
    figures = {
        f"learning_curves_{metric}": overlay_curves([s.history for s in stored], names, metric),
        "comparison_grid": comparison_grid(panels, names, [r.data.X_test for r in results]),
    }
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, figure in figures.items():
        paths.append(out / f"{name}.png")
        figure.savefig(paths[-1], dpi=110)
    return paths
