"""`bp report` on a small plan against a temporary store: the page, its figures, reuse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import labreport.plan
from backprop.config import TrainConfig
from bp.main import app
from labreport.plan import Experiment
from tracking import names, open_store
from tracking.runs import find_runs

PNG = b"\x89PNG\r\n\x1a\n"
LINEAR = TrainConfig(dataset="linear", n=30, hidden=(4, 4), lr=0.05, epochs=60)
XOR = TrainConfig(dataset="xor", hidden=(4, 4), lr=0.5, epochs=60)
NO_ACTIVATION = XOR.replace(activation="none", loss="bce", target_accuracy=None, epochs=30)
SMALL_PLAN = (
    Experiment("3", "3. Results of testing", "Both datasets", (LINEAR, XOR), kind="results", conclude="results"),
    Experiment("4A", "4. Discussion", "A. Learning rate", (LINEAR, XOR), "lr", (0.5, 0.05)),
    # lr 1e100 diverges: a FAILED run the report shows as it ended, and does not train again.
    Experiment("4X", "4. Discussion", "X. Too large a step", (NO_ACTIVATION,), "lr", (0.01, 1e100)),
)
WANTED = {c for experiment in SMALL_PLAN for c in experiment.configs()}  # 6 distinct configs


@pytest.fixture(autouse=True)
def small_plan(monkeypatch):
    monkeypatch.setattr(labreport.plan, "DEFAULT_PLAN", SMALL_PLAN)


def invoke(*args: str):
    return CliRunner().invoke(app, ["report", *args])


def training_runs(store_uri: str):
    runs = find_runs(open_store(store_uri, None), "lab1-report")
    return [run for run in runs if names.SWEEP_SIZE not in run.data.tags]


def test_the_report_trains_once_and_every_figure_it_names_is_there(store_uri, tmp_path):
    result = invoke("--out", "report", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert "training 6 runs the store lacks (3 sweeps)" in result.stdout
    readme = tmp_path / "report" / "README.md"
    text = readme.read_text()
    runs = training_runs(store_uri)
    assert len(runs) == 6 and {r.info.status for r in runs} == {"FINISHED", "FAILED"}
    statuses = {r.info.run_id: r.info.status for r in runs}

    figures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(figures) == 2 * 3 + 2 * 2 + 2  # section 3: 3 per dataset; then 2 per group
    for figure in figures:
        data = (readme.parent / figure).read_bytes()
        assert data.startswith(PNG) and len(data) > 5000, figure
    # Every caption names its runs, and every run it names is in the store.
    captions = re.findall(r"^\*Figure \d+\. .*\*$", text, flags=re.M)
    assert len(captions) == len(figures)
    for caption in captions:
        ids = re.findall(r"`([0-9a-f]{32})`", caption)
        assert ids and all(run_id in statuses for run_id in ids), caption
    assert {run_id for run_id in re.findall(r"`([0-9a-f]{32})`", text)} == set(statuses)
    assert "diverged at epoch" in text  # the lr 1e100 row
    assert "**Measured.**" in text and "Not in the store yet" not in text

    everything = len(find_runs(open_store(store_uri, None), "lab1-report"))  # with the 3 parents
    again = invoke("--out", "report", "--jobs", "2")
    assert again.exit_code == 0, again.output
    assert "trained nothing" in again.stdout and "training" not in again.stdout.split("wrote")[0]
    assert len(find_runs(open_store(store_uri, None), "lab1-report")) == everything == 9  # not even a parent
    assert readme.read_text().count("![") == len(figures)


def test_from_store_trains_nothing_and_names_what_is_missing(store_uri, tmp_path):
    result = invoke("--from-store", "--out", "out")
    assert result.exit_code == 0, result.output
    assert "trained nothing" in result.stdout
    text = (tmp_path / "out" / "README.md").read_text()
    assert "## Not in the store yet" in text
    for key in ("3 Both datasets", "4A A. Learning rate", "4X X. Too large a step"):
        assert key in text
    assert "![" not in text
    store = open_store(store_uri, None)
    assert store.client().get_experiment_by_name("lab1-report") is None  # not even created
    assert find_runs(store) == []


def test_from_store_without_a_store_is_one_line(tmp_path):
    uri = f"sqlite:///{tmp_path}/none/mlflow.db"
    result = invoke("--from-store", "--tracking-uri", uri)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: there is no tracking store at ")
    assert not (tmp_path / "none").exists()
