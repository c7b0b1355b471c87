"""A sweep interrupted half-way (Ctrl-C to its whole process group, as a terminal sends it)
and resumed: only the configurations with no FINISHED child are trained again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from bp.main import app
from tracking import names, open_store
from tracking.runs import get_run, metric_history
from tracking.sweep import children, config_of, load_spec

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX process groups")

# Six configurations long enough (thousands of epochs, seconds each) to be caught in flight.
GRID = ["--dataset", "xor", "--hidden", "8,8", "--epochs", "8000", "--target-accuracy", "off",
        "--lr", "0.5", "--lr", "0.2", "--lr", "0.1", "--seeds", "2"]  # fmt: skip


def test_an_interrupted_sweep_resumed_trains_only_what_is_missing(store_uri, tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "bp", "sweep", *GRID, "--jobs", "2"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    first = process.stdout.readline()
    assert first.startswith("sweep "), process.stderr.read()
    parent_id = first.split()[1]
    while not process.stdout.readline().startswith("[2/6]"):  # two children ended, two more in flight
        pass
    os.killpg(process.pid, signal.SIGINT)  # the parent and its workers, as Ctrl-C in a terminal
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert err.strip() == (f"Interrupted: sweep {parent_id} marked KILLED; "
                           f"resume it with `bp sweep --resume {parent_id}`.")  # fmt: skip

    store = open_store(store_uri, None)
    assert get_run(store, parent_id).info.status == "KILLED"
    before = children(store, parent_id)
    assert all(run.info.status in ("FINISHED", "KILLED", "FAILED") for run in before)  # none left RUNNING
    done = {config_of(run) for run in before if run.info.status == "FINISHED"}
    wanted = set(load_spec(store, parent_id).configs)
    assert 2 <= len(done) < len(wanted) == 6

    result = CliRunner().invoke(app, ["sweep", "--resume", parent_id, "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert f"resuming sweep {parent_id}: {len(done)} of 6 configurations already have a FINISHED run" in result.stdout
    seen = {run.info.run_id for run in before}
    new = [run for run in children(store, parent_id) if run.info.run_id not in seen]
    assert sorted(map(repr, (config_of(run) for run in new))) == sorted(map(repr, wanted - done))
    for run in new:
        assert run.info.status == "FINISHED"
        assert metric_history(store, run.info.run_id, "loss")[0].tolist() == list(range(1, 8001))
    parent = get_run(store, parent_id)
    assert parent.info.status == "FINISHED" and parent.data.tags[names.SWEEP_FINISHED] == "6"
