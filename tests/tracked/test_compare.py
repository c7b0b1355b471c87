"""`bp compare`: stored runs side by side, labelled by what sets them apart, picked by id or filter."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

import backprop.overlays
from backprop.config import TrainConfig
from bp.main import app
from tracking import open_store
from tracking.resolve import AmbiguousRun, resolve_run

from .stores import XOR_FAST, clone, make_store

# Three learning rates on XOR (only lr 0.5 reaches 100%, at epoch 170), and one ReLU run on
# `linear` with a held-out split, in an experiment of its own.
CONFIGS = {
    "lr0.5": XOR_FAST.replace(epochs=300),
    "lr0.1": XOR_FAST.replace(epochs=300, lr=0.1),
    "lr0.05": XOR_FAST.replace(epochs=300, lr=0.05),
    "relu": TrainConfig(dataset="linear", n=20, test_split=0.25, hidden=(8, 8), activation="relu", init="xavier",
                        lr=0.05, epochs=80, seed=1),
}  # fmt: skip


@pytest.fixture(scope="module")
def made(copy_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    return folder / "store", make_store(copy_store, folder, CONFIGS)


@pytest.fixture
def run_ids(made, tmp_path, monkeypatch):
    """The run ids by key, in this test's own copy of the store (the one `bp` uses by default)."""
    source, ids = made
    monkeypatch.setenv("MLFLOW_TRACKING_URI", clone(source, tmp_path / "handed"))
    return ids


@pytest.fixture
def drawn(monkeypatch):
    """The figures `bp compare` draws, by function name, as it draws them."""
    figures = {}
    for name in ("overlay_curves", "comparison_grid"):
        original = getattr(backprop.overlays, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            figures[_name] = _original(*args, **kwargs)
            return figures[_name]

        monkeypatch.setattr(backprop.overlays, name, spy)
    return figures


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def table(stdout: str) -> list[list[str]]:
    """The table's rows (header first) as lists of cells, up to the `figures:` line."""
    lines = stdout.split("\nfigures: ")[0].splitlines()
    return [line.split() for line in lines]


def test_learning_rates_are_labelled_by_the_learning_rate(run_ids, drawn, tmp_path):
    ids = [run_ids[key] for key in ("lr0.5", "lr0.1", "lr0.05")]
    result = invoke("compare", *ids)
    assert result.exit_code == 0, result.output
    header, *rows = table(result.stdout)
    assert header == ["run", "lr", "final", "loss", "final", "acc.", "epochs", "target", "reached"]
    assert [row[:2] for row in rows] == [[run_id[:8], lr] for run_id, lr in zip(ids, ("0.5", "0.1", "0.05"))]
    assert rows[0][-3:] == ["170", "epoch", "170"] and rows[0][3] == "100.00%"
    assert rows[1][-3:] == rows[2][-3:] == ["300", "not", "reached"]

    legend = drawn["overlay_curves"].axes[0].get_legend()
    assert [text.get_text() for text in legend.get_texts()] == ["lr=0.5", "lr=0.1", "lr=0.05"]
    assert drawn["overlay_curves"].axes[0].get_ylabel() == "loss"
    titles = [ax.get_title() for ax in drawn["comparison_grid"].axes if ax.get_visible()]
    assert titles == ["Ground truth", "lr=0.5", "lr=0.1", "lr=0.05"]
    assert {p.name for p in (tmp_path / "compared").iterdir()} == {"learning_curves_loss.png", "comparison_grid.png"}


def test_metric_accuracy_overlays_accuracy(run_ids, drawn, tmp_path):
    result = invoke("compare", run_ids["lr0.5"], run_ids["lr0.05"], "--metric", "accuracy", "--out", "acc")
    assert result.exit_code == 0, result.output
    assert drawn["overlay_curves"].axes[0].get_ylabel() == "accuracy (%)"
    assert (tmp_path / "acc" / "learning_curves_accuracy.png").is_file()


def test_where_picks_runs_by_mlflow_filter(run_ids):
    result = invoke("compare", "--experiment", "xor", "--where", "params.lr = '0.1'")
    assert result.exit_code == 0, result.output
    header, *rows = table(result.stdout)
    assert [row[0] for row in rows] == [run_ids["lr0.1"][:8]]
    assert header[1] == "name"  # a single run differs in nothing: its name stands in

    relu = invoke("compare", "--where", "params.activation = 'relu'", "--metric", "test_accuracy")
    assert relu.exit_code == 0, relu.output
    header, *rows = table(relu.stdout)
    assert [row[0] for row in rows] == [run_ids["relu"][:8]]
    assert "test" in header  # its held-out accuracy has a column


def test_limit_keeps_the_newest_runs_oldest_first(run_ids):
    result = invoke("compare", "--experiment", "xor", "--limit", "2")
    assert result.exit_code == 0, result.output
    rows = table(result.stdout)[1:-1]
    assert [row[0] for row in rows] == [run_ids["lr0.1"][:8], run_ids["lr0.05"][:8]]
    assert "(the newest 2 of the matching runs: --limit shows more)" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--where", "params.lr = '7'"], "Error: no finished run in sqlite:///"),
        (["--where", "params.lr =="], "Error: cannot search with 'params.lr =='"),
        (["--metric", "test_loss"], "Error: --metric: run "),
        (["--metric", "speed"], "Error: --metric: choose one of loss, accuracy, test_loss, test_accuracy"),
        (["--where", "params.lr = '0.1'", "latest"], "Error: --where: give run ids or --where, not both"),
    ],
)
def test_bad_choices_are_one_line_usage_errors(run_ids, args, message):
    if args[:2] == ["--metric", "test_loss"]:
        args = [run_ids["lr0.5"], *args]  # no held-out split: no test_loss history
    result = invoke("compare", *args)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(message)


def _rename_run(db, old: str, new: str) -> None:
    connection = sqlite3.connect(db)
    with connection:
        for table_name in ("runs", "tags", "params", "metrics", "latest_metrics"):
            column = "run_uuid"
            connection.execute(f"UPDATE {table_name} SET {column} = ? WHERE {column} = ?", (new, old))
    connection.close()


def test_an_ambiguous_prefix_lists_the_candidates(run_ids, tmp_path):
    # Run ids are random: give two of them the same first 8 characters.
    db = tmp_path / "handed" / "mlflow.db"
    first, second = "abcdef12" + "0" * 24, "abcdef12" + "1" * 24
    _rename_run(db, run_ids["lr0.1"], first)
    _rename_run(db, run_ids["lr0.05"], second)
    store = open_store(None, None)
    with pytest.raises(AmbiguousRun):
        resolve_run(store, "abcdef12")
    assert resolve_run(store, "abcdef121").info.run_id == second

    result = invoke("compare", "abcdef")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line == (
        f"Error: abcdef is the start of several run ids: {first} (xor-sigmoid-8x8-sgd-lr0.1-s1), "
        f"{second} (xor-sigmoid-8x8-sgd-lr0.05-s1); give more characters"
    )


def _row(run_id: str, experiment: str, config: TrainConfig, target_epoch=None, test_accuracy=None) -> dict:
    return {"run_id": run_id, "name": config.label, "experiment": experiment, "config": config, "status": "FINISHED",
            "final_loss": 0.125, "final_accuracy": 0.5, "final_test_accuracy": test_accuracy,
            "epochs": 40, "target_epoch": target_epoch}  # fmt: skip


def test_the_table_adds_experiment_and_test_columns_only_when_needed():
    from rich.console import Console

    from bp.comparison import comparison_table

    def render(rows, fields):
        console = Console(record=True, width=200)
        console.print(comparison_table(rows, fields))
        return [line.split() for line in console.export_text().splitlines()]

    xor, linear = TrainConfig(), TrainConfig(dataset="linear", target_accuracy=None, test_split=0.25)
    header, *rows = render([_row("a" * 32, "xor", xor, 17), _row("b" * 32, "xor", xor.replace(lr=0.1))], ["lr"])
    assert header[:2] == ["run", "lr"] and "experiment" not in header and "test" not in header
    assert rows == [["a" * 8, "0.01", "0.12500", "50.00%", "40", "epoch", "17"],
                    ["b" * 8, "0.1", "0.12500", "50.00%", "40", "not", "reached"]]  # fmt: skip

    mixed = [_row("a" * 32, "xor", xor, 17), _row("c" * 32, "linear", linear, test_accuracy=0.75)]
    header, *rows = render(mixed, ["dataset", "test_split", "target_accuracy"])
    assert header[:6] == ["run", "experiment", "dataset", "test", "split", "target"]
    assert rows[1] == ["c" * 8, "linear", "linear", "0.25", "off", "0.12500", "50.00%", "75.00%", "40", "no", "target"]
