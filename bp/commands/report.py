"""`bp report`: the lab report's experiments as sweeps, and the report written from their runs."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Optional

import typer

from bp.errors import BadOption

PARALLEL, TRACKING = "Parallel", "Tracking"
REPORT_EXPERIMENT = "lab1-report"


def report(
    out: Annotated[Path, typer.Option(help="Folder for README.md and its figures/.")] = Path("report"),
    from_store: Annotated[bool, typer.Option("--from-store", help="Only redraw from the runs in the store; train nothing.")] = False,
    jobs: Annotated[Optional[int], typer.Option(min=1, help="Runs trained (and figures drawn) at once.", show_default="one per core", rich_help_panel=PARALLEL)] = None,
    cluster: Annotated[Optional[str], typer.Option(metavar="tcp://HOST:PORT", help="Train on the workers of this Dask scheduler (needs Dask's distributed: pip install 'bp\\[cluster]').", rich_help_panel=PARALLEL)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors and the report's path.")] = False,
    tracking_uri: Annotated[Optional[str], typer.Option(help="Tracking store.", show_default="$MLFLOW_TRACKING_URI, else sqlite:///mlruns/mlflow.db", rich_help_panel=TRACKING)] = None,
    experiment: Annotated[str, typer.Option(help="MLflow experiment holding the report's runs.", rich_help_panel=TRACKING)] = REPORT_EXPERIMENT,
):
    """Run the lab report's experiments (learning rates, hidden units, no activation, initial
    weights, activations, optimizers) and write the report from their runs.

    Runs already in the store are reused, so a second call trains nothing and only redraws.
    """
    if from_store and cluster is not None:
        raise BadOption("--cluster", "not used with --from-store: nothing is trained")
    if jobs is not None and cluster is not None:
        raise BadOption("--jobs", "not used with --cluster: the cluster's workers decide")
    if out.exists() and not out.is_dir():
        raise BadOption("--out", f"{out} is a file, not a folder")
    from tracking.parallel import store_uri, warmed

    with warmed(jobs, cluster, store_uri(tracking_uri)):  # the workers load mlflow meanwhile
        _report(out, from_store, jobs, cluster, quiet, tracking_uri, experiment)


def _report(out, from_store, jobs, cluster, quiet, tracking_uri, experiment) -> None:
    from bp.errors import Failure
    from bp.sweep_progress import SweepProgress
    from bp.tracked import shown_uri
    from labreport import plan
    from labreport.build import build_report
    from tracking import StoreError
    from tracking.errors import first_line, store_errors
    from tracking.parallel import ClusterError

    try:
        store = _store(tracking_uri, experiment, from_store)
        name = shown_uri(store)
        with SweepProgress(lambda config: config.label, quiet) as progress:

            def started(configs: int, parents: int) -> None:
                if not quiet:
                    where = f"on the Dask cluster at {cluster}" if cluster else (f"{jobs} at a time" if jobs else "one per core")
                    typer.echo(f"training {configs} runs the store lacks ({parents} sweeps), {where}")
                progress.start(configs)

            def drawing(figures: int) -> None:
                progress.stop()  # the bar's work is done
                if not quiet:
                    typer.echo(f"drawing {figures} figures into {out / 'figures'}")

            built = build_report(store, out, plan.DEFAULT_PLAN, train=not from_store, jobs=jobs, cluster=cluster,
                                 store_name=name, warm=False, on_start=started, on_outcome=progress,
                                 on_drawing=drawing)  # fmt: skip
    except (StoreError, ClusterError) as error:
        raise Failure(str(error)) from None
    except store_errors() as error:  # MLflow's own, reaching us mid-way
        raise Failure(f"tracking failed: {first_line(error)}") from None
    _say_done(built, out / built.path.name, store, name, quiet)


def _store(tracking_uri: str | None, experiment: str, from_store: bool):
    """The store and the report's experiment; --from-store creates neither."""
    from bp.tracked import open_tracking_store

    if not from_store:
        return open_tracking_store(tracking_uri, experiment)
    store = open_tracking_store(tracking_uri, None, must_exist=True)
    found = store.client().get_experiment_by_name(experiment)
    return dataclasses.replace(store, experiment_id=found and found.experiment_id, experiment_name=experiment)


def _say_done(built, path: Path, store, name: str, quiet: bool) -> None:
    if quiet:
        typer.echo(str(path))
        return
    trained = f"trained {len(built.trained)} runs in {built.seconds['training']:.1f} s" if built.trained else "trained nothing"
    typer.echo(f"wrote {path}: {built.figures} figures from {built.runs} runs of experiment "
               f"{store.experiment_name!r} in {name} ({trained}; drew in {built.seconds['drawing']:.1f} s)")  # fmt: skip
    failed = [o for o in built.trained if o.status != "FINISHED"]
    if failed:
        typer.echo(f"{len(failed)} runs failed; the report shows them as they ended")
    if built.missing:
        typer.echo("not in the store yet (run `bp report` without --from-store to train them):")
        for line in built.missing:
            typer.echo(f"  {line}")
