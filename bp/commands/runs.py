"""`bp runs`: the tracked runs as a table."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

# (heading, parameter) shown for every run; the rest of the config is in `bp ui`.
KEY_PARAMS = (("act.", "activation"), ("hidden", "hidden"), ("opt.", "optimizer"), ("lr", "lr"), ("seed", "seed"))


def runs(
    experiment: Annotated[Optional[str], typer.Option(help="Only this experiment's runs \\[default: every experiment].")] = None,
    tracking_uri: Annotated[Optional[str], typer.Option(help="Tracking store \\[default: $MLFLOW_TRACKING_URI, else sqlite:///mlruns/mlflow.db].")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many runs, newest first.")] = 50,
):
    """List tracked runs, newest first: id, name, dataset, key parameters, final accuracy, epochs, status."""
    from rich.console import Console
    from rich.table import Table

    from bp.errors import Failure
    from bp.tracked import open_tracking_store
    from tracking import StoreError, names
    from tracking.runs import find_runs

    store = open_tracking_store(tracking_uri, None, must_exist=True)
    try:
        found = find_runs(store, experiment, max_results=limit)
    except StoreError as error:
        raise Failure(str(error)) from None
    if not found:
        typer.echo(f"no runs yet in {store.uri}" + (f" (experiment {experiment!r})" if experiment else ""))
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("run id", no_wrap=True)
    table.add_column("name", no_wrap=True)
    table.add_column("dataset")
    for heading, _ in KEY_PARAMS:
        table.add_column(heading, no_wrap=True)
    table.add_column("final acc.", justify="right")
    table.add_column("epochs", justify="right")
    table.add_column("status")
    for run in found:
        params, metrics, tags = run.data.params, run.data.metrics, run.data.tags
        accuracy = metrics.get(names.FINAL_ACCURACY)
        epochs = metrics.get(names.EPOCHS_RUN)
        table.add_row(
            run.info.run_id,
            run.info.run_name or "",
            tags.get(names.DATASET_TAG, params.get("dataset", "")),
            *(params.get(param, "") for _, param in KEY_PARAMS),
            "" if accuracy is None else f"{100 * accuracy:.2f}%",
            "" if epochs is None else str(int(epochs)),
            run.info.status,
        )
    Console(width=max(Console().width, 160)).print(table)
