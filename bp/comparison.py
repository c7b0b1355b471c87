"""The comparison table: one row per run, the parameters that set the runs apart, and
how far each got (final loss, final accuracy, the epoch it reached its target).

    rows = comparison_rows(store, runs)    # runs: MLflow Runs of finished training runs
    table = comparison_table(rows, differing_fields([row["config"] for row in rows]))

Rows come from what each run logged when it finished (no metric histories are read),
so a table of a hundred runs costs one search.
"""

from __future__ import annotations

from typing import Sequence

from backprop.differences import SHORT, differing_fields, format_value

# Column headings of config fields that would read wrongly beside the outcome columns.
HEADINGS = {**SHORT, "epochs": "epoch limit", "target_accuracy": "target acc.", "test_split": "test split"}
NOT_REACHED = "not reached"
NO_TARGET = "no target"


def comparison_rows(store, runs) -> list[dict]:
    """One dict per run: run_id, name, experiment (its name), config (TrainConfig), status,
    final_loss, final_accuracy, final_test_accuracy (None without a held-out split),
    epochs, target_epoch (None when not reached)."""
    from tracking import names
    from tracking.runs import run_config

    client, experiments = store.client(), {}
    rows = []
    for run in runs:
        metrics, experiment_id = run.data.metrics, run.info.experiment_id
        if experiment_id not in experiments:
            experiments[experiment_id] = client.get_experiment(experiment_id).name
        # A run that did not finish has no summary metrics: its latest epoch stands in.
        loss = metrics.get(names.FINAL_LOSS, metrics.get("loss"))
        accuracy = metrics.get(names.FINAL_ACCURACY, metrics.get("accuracy"))
        epochs, target = metrics.get(names.EPOCHS_RUN), metrics.get(names.TARGET_EPOCH)
        rows.append({
            "run_id": run.info.run_id,
            "name": run.info.run_name or "",
            "experiment": experiments[experiment_id],
            "config": run_config(run),
            "status": run.info.status,
            "final_loss": loss,
            "final_accuracy": accuracy,
            "final_test_accuracy": metrics.get(names.FINAL_TEST_ACCURACY),
            "epochs": None if epochs is None else int(epochs),
            "target_epoch": None if target is None else int(target),
        })  # fmt: skip
    return rows


def target_text(row: dict) -> str:
    """`epoch 170`, `not reached`, or `no target` for a run that trained every epoch."""
    if row["target_epoch"] is not None:
        return f"epoch {row['target_epoch']}"
    return NO_TARGET if row["config"].target_accuracy is None else NOT_REACHED


def _number(value, spec: str) -> str:
    return "" if value is None else format(value, spec)


def comparison_table(rows: Sequence[dict], fields: Sequence[str]):
    """A rich Table of `rows`: run id, one column per field of `fields`, then the outcome."""
    from rich.table import Table

    held_out = any(row["final_test_accuracy"] is not None for row in rows)
    several_experiments = len({row["experiment"] for row in rows}) > 1
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("run", no_wrap=True)  # 8 characters: enough to name it again (bp reproduce 1a2b3c4d)
    if several_experiments:
        table.add_column("experiment", no_wrap=True)
    for name in fields:
        table.add_column(HEADINGS.get(name, name), no_wrap=True)
    if not fields:
        table.add_column("name", no_wrap=True)  # nothing differs: say what they all are
    table.add_column("final loss", justify="right")
    table.add_column("final acc.", justify="right")
    if held_out:
        table.add_column("test acc.", justify="right")
    table.add_column("epochs", justify="right")
    table.add_column("target reached", justify="right")
    for row in rows:
        cells = [row["run_id"][:8]]
        if several_experiments:
            cells.append(row["experiment"])
        cells += [format_value(getattr(row["config"], name)) for name in fields] or [row["name"]]
        cells += [_number(row["final_loss"], ".5f"), _percent(row["final_accuracy"])]
        if held_out:
            cells.append(_percent(row["final_test_accuracy"]))
        cells += [_number(row["epochs"], "d"), target_text(row)]
        table.add_row(*cells)
    return table


def _percent(value) -> str:
    return "" if value is None else f"{100 * value:.2f}%"


def print_comparison(store, runs, console=None) -> list[dict]:
    """Print the table of `runs`, columns for the parameters in which they differ; the rows."""
    from rich.console import Console

    rows = comparison_rows(store, runs)
    fields = differing_fields([row["config"] for row in rows])
    (console or Console()).print(comparison_table(rows, fields))
    return rows
