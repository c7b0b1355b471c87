"""`bp sweep`: train every combination of the options given, as one parent run with a
nested child run per configuration, several at once."""

from __future__ import annotations

import dataclasses
import os
from typing import Annotated, Optional

import typer

from bp.errors import BadOption
from bp.options import config_options

PARALLEL, TRACKING = "Parallel", "Tracking"


@config_options(multiple=True)
def sweep(
    settings,
    seeds: Annotated[Optional[int], typer.Option(min=1, help="Seeds 0 to K-1 (or repeat --seed).")] = None,
    jobs: Annotated[Optional[int], typer.Option(min=1, help="Configurations trained at once, each in its own process.", show_default="one per core", rich_help_panel=PARALLEL)] = None,
    cluster: Annotated[Optional[str], typer.Option(metavar="tcp://HOST:PORT", help="Train on the workers of this Dask scheduler instead (needs Dask's distributed: pip install 'bp\\[cluster]').", rich_help_panel=PARALLEL)] = None,
    resume: Annotated[Optional[str], typer.Option(metavar="PARENT_ID", help="Go on with an interrupted sweep: train only its configurations with no FINISHED run.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors and the parent run's id.")] = False,
    tracking_uri: Annotated[Optional[str], typer.Option(help="Tracking store.", show_default="$MLFLOW_TRACKING_URI, else sqlite:///mlruns/mlflow.db", rich_help_panel=TRACKING)] = None,
    experiment: Annotated[Optional[str], typer.Option(help="MLflow experiment.", show_default="the dataset's name, or 'sweeps' for several", rich_help_panel=TRACKING)] = None,
):
    """Train every combination of the options given, each option repeated to give its values.

    bp sweep --dataset xor --lr 0.1 --lr 0.01 --hidden 5,5 --hidden 10,10 --seeds 3
    trains 2 x 2 x 3 = 12 configurations, each a run nested under one parent run.
    """
    from bp.sweep_grid import grid_configs, grid_from_settings

    if jobs is not None and cluster is not None:
        raise BadOption("--jobs", "not used with --cluster: the cluster's workers decide")
    grid = grid_from_settings(settings, seeds)
    if resume is None:
        configs = grid_configs(grid)  # every configuration checked before the store is touched
        _run(None, grid, configs, jobs, cluster, quiet, tracking_uri, experiment)
    else:
        _run(resume, grid, None, jobs, cluster, quiet, tracking_uri, experiment, seeds is not None)


def _run(resume, grid, configs, jobs, cluster, quiet, tracking_uri, experiment, seeds_given=False) -> None:
    from tracking.parallel import store_uri, warmed

    with warmed(jobs, cluster, store_uri(tracking_uri)):  # the workers load mlflow meanwhile
        _sweep(resume, grid, configs, jobs, cluster, quiet, tracking_uri, experiment, seeds_given)


def _sweep(resume, grid, configs, jobs, cluster, quiet, tracking_uri, experiment, seeds_given) -> None:
    from backprop.differences import differing_fields, label
    from bp.errors import Failure
    from bp.sweep_grid import sweep_name
    from bp.sweep_progress import SweepProgress
    from tracking import StoreError, dataset_name
    from tracking.errors import first_line, store_errors
    from tracking.parallel import ClusterError
    from tracking.sweep import SweepSpec
    from tracking.sweeps import run_sweep

    try:
        if resume is None:
            datasets = {dataset_name(c) for c in configs}
            store = _open(tracking_uri, experiment or (datasets.pop() if len(datasets) == 1 else "sweeps"))
            spec = SweepSpec(sweep_name(grid, configs), tuple(configs), grid)
        else:
            store, spec = _resumed(resume, grid, tracking_uri, experiment, seeds_given)
        fields = differing_fields(spec.configs)
        with SweepProgress(lambda config: label(config, fields), quiet) as progress:

            def started(parent_id: str, todo: int, done: int) -> None:
                if not quiet:
                    _say_start(store, spec, parent_id, todo, done, jobs, cluster)
                progress.start(todo)

            result = run_sweep(store, spec, resume=resume, jobs=jobs, cluster=cluster,
                               on_start=started, on_outcome=progress)  # fmt: skip
    except (StoreError, ClusterError) as error:
        raise Failure(str(error)) from None
    except store_errors() as error:  # MLflow's own, reaching us mid-way
        raise Failure(f"tracking failed: {first_line(error)}") from None
    _say_end(store, result, quiet)


def _open(tracking_uri, experiment):
    from bp.tracked import open_tracking_store

    return open_tracking_store(tracking_uri, experiment)


def _resumed(parent_id, grid, tracking_uri, experiment, seeds_given):
    """The store, opened on the parent's experiment, and the sweep's spec."""
    from bp.sweep_grid import check_resume_options
    from tracking.runs import get_run
    from tracking.sweep import load_spec

    store = _open(tracking_uri, None)
    parent = get_run(store, parent_id)
    spec = load_spec(store, parent_id)
    name = store.client().get_experiment(parent.info.experiment_id).name
    if experiment is not None and experiment != name:
        raise BadOption("--experiment", f"sweep {parent_id} is in experiment {name!r}; leave the option out to resume it")
    check_resume_options(grid, spec.grid, spec.base, parent_id, seeds_given)
    return dataclasses.replace(store, experiment_id=parent.info.experiment_id, experiment_name=name), spec


def _say_start(store, spec, parent_id, todo, done, jobs, cluster) -> None:
    from bp.tracked import shown_uri

    if cluster:
        where = f"on the Dask cluster at {cluster}"
    else:
        where = "one at a time" if jobs == 1 else f"{jobs or os.cpu_count()} at a time, in separate processes"
    if done:
        typer.echo(f"resuming sweep {parent_id}: {done} of {done + todo} configurations already have a FINISHED run")
    typer.echo(f"sweep {parent_id} ({spec.describe()}): training {todo} configurations {where}")
    typer.echo(f"in experiment {store.experiment_name!r} of {shown_uri(store)}")


def _say_end(store, result, quiet: bool) -> None:
    """The `bp compare` table of the children, the counts, and the parent's id."""
    from tracking import names
    from tracking.sweep import children, latest_by_config

    if quiet:
        typer.echo(result.parent_run_id)
        return
    runs = children(store, result.parent_run_id)
    newest = latest_by_config(runs, done=(names.FINISHED, names.FAILED, names.KILLED))
    best = {**newest, **latest_by_config(runs)}  # a FINISHED run wins over a later failure
    shown = [best[c] for c in dict.fromkeys(result.spec.configs) if c in best]
    if shown:
        from bp.comparison import print_comparison

        print_comparison(store, shown)
    finished = sum(run.info.status == names.FINISHED for run in shown)
    failed = len(shown) - finished
    typer.echo(f"sweep {result.parent_run_id} FINISHED: {finished} of {len(result.spec.configs)} configurations finished"
               + (f", {failed} failed" if failed else ""))  # fmt: skip
    from bp.tracked import ui_command

    typer.echo(f"parent run: {result.parent_run_id}   (open it: {ui_command(store)})")
