"""`bp sweep --cluster`: the children run on a Dask cluster's workers (two worker processes
on 127.0.0.1 here) and land in the store the sweep names."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from backprop.config import TrainConfig
from bp.main import app
from tracking import open_store
from tracking.runs import get_run, metric_history
from tracking.sweep import children, config_of

distributed = pytest.importorskip("distributed")


@pytest.fixture
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


def test_a_sweep_on_a_dask_cluster_lands_every_child(store_uri, cluster):
    address = cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    result = CliRunner().invoke(app, ["sweep", "--dataset", "xor", "--hidden", "8,8", "--epochs", "60",
                                      "--target-accuracy", "off", "--lr", "0.5", "--lr", "0.1", "--seeds", "2",
                                      "--cluster", address])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"on the Dask cluster at {address}" in result.stdout
    store = open_store(store_uri, None)
    parent_id = result.stdout.strip().splitlines()[-1].split()[2]
    assert get_run(store, parent_id).info.status == "FINISHED"
    kids = children(store, parent_id)
    wanted = {TrainConfig(dataset="xor", hidden=(8, 8), epochs=60, target_accuracy=None, lr=lr, seed=seed)
              for lr in (0.5, 0.1) for seed in (0, 1)}  # fmt: skip
    assert {config_of(run) for run in kids} == wanted and len(kids) == 4
    for run in kids:
        assert run.info.status == "FINISHED"
        assert metric_history(store, run.info.run_id, "accuracy")[0].tolist() == list(range(1, 61))
