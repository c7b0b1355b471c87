"""A tracked run holds everything needed to look at it, compare it and rebuild it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from backprop.config import TrainConfig
from backprop.data import dataset_points
from tracking import names, open_store, train_tracked
from tracking.store import sqlite_file
from tracking.runs import find_runs, get_run, history, load_dataset, load_network, load_pyfunc, load_weights, metric_history, run_config

# One run reaching its target (XOR) and one with a held-out split stopping at its epoch limit.
CONFIGS = {
    "xor": TrainConfig(dataset="xor", lr=0.1, seed=7),
    "held_out": TrainConfig(dataset="linear", n=40, test_split=0.25, lr=0.05, epochs=60, target_accuracy=None, seed=3),
}


@pytest.fixture(scope="module", params=list(CONFIGS))
def tracked(request, copy_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tracked")
    uri = copy_store(folder / "store")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")
        run = train_tracked(CONFIGS[request.param], tracking_uri=uri)
        yield run


def test_the_run_finished_under_its_label_in_the_datasets_experiment(tracked):
    run = get_run(tracked.store, tracked.run_id)
    config = tracked.result.config
    assert run.info.status == "FINISHED"
    assert run.info.run_name == config.label
    assert tracked.store.experiment_name == config.dataset
    assert [r.info.run_id for r in find_runs(tracked.store, config.dataset)] == [tracked.run_id]


def test_params_rebuild_the_config(tracked):
    assert run_config(get_run(tracked.store, tracked.run_id)) == tracked.result.config


def test_metric_histories_have_one_point_per_epoch_matching_the_returned_history(tracked):
    returned = tracked.result.history
    run = get_run(tracked.store, tracked.run_id)
    keys = ["loss", "accuracy"] + (["test_loss", "test_accuracy"] if tracked.result.data.held_out else [])
    assert returned.test_loss or not tracked.result.data.held_out
    for key in keys:
        steps, values = metric_history(tracked.store, tracked.run_id, key)
        assert steps.tolist() == list(range(1, returned.epochs + 1))
        assert values.tolist() == getattr(returned, key)
    rebuilt = history(tracked.store, run)
    assert rebuilt.as_dict() == returned.as_dict()
    assert rebuilt.target_epoch == returned.target_epoch


def test_summary_metrics(tracked):
    metrics = get_run(tracked.store, tracked.run_id).data.metrics
    returned = tracked.result.history
    assert metrics[names.FINAL_LOSS] == returned.loss[-1]
    assert metrics[names.FINAL_ACCURACY] == returned.accuracy[-1]
    assert metrics[names.EPOCHS_RUN] == returned.epochs
    if returned.target_epoch is None:
        assert names.TARGET_EPOCH not in metrics
    else:
        assert metrics[names.TARGET_EPOCH] == returned.target_epoch == returned.epochs


def test_weights_artifact_predicts_what_the_trained_model_predicted(tracked):
    model, X = tracked.result.model, tracked.result.data.X
    weights = load_weights(tracked.store, tracked.run_id)
    assert sorted(weights) == sorted(model.state())
    for name, array in model.state().items():
        np.testing.assert_array_equal(weights[name], array)
    rebuilt = load_network(tracked.store, get_run(tracked.store, tracked.run_id))
    np.testing.assert_array_equal(rebuilt.predict_proba(X), model.predict_proba(X))


def test_dataset_artifact_holds_every_point(tracked):
    X, y = load_dataset(tracked.store, tracked.run_id)
    expected_X, expected_y = dataset_points(tracked.result.config)
    np.testing.assert_array_equal(X, expected_X)
    np.testing.assert_array_equal(y, expected_y)


def test_pyfunc_model_predicts_the_same(tracked):
    model, X = tracked.result.model, tracked.result.data.X
    pyfunc = load_pyfunc(tracked.store, get_run(tracked.store, tracked.run_id))
    out = pyfunc.predict(pd.DataFrame(X, columns=["x1", "x2"]))
    np.testing.assert_allclose(out["probability"].to_numpy(), model.predict_proba(X)[:, 0], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(out["label"].to_numpy(), model.predict(X)[:, 0].astype(int))
    assert pyfunc.metadata.get_input_schema().input_names() == ["x1", "x2"]


def test_artifacts_figures_and_test_report(tracked):
    client = tracked.store.client()
    listed = {a.path for a in client.list_artifacts(tracked.run_id)}
    assert {names.WEIGHTS, names.DATASET, names.TEST_REPORT, names.FIGURES_DIR} <= listed
    figures = {a.path for a in client.list_artifacts(tracked.run_id, names.FIGURES_DIR)}
    assert figures == {f"figures/{n}.png" for n in ("comparison", "learning_curve", "decision_boundary")}
    local = tracked.store.artifact_root
    pngs = list(local.rglob("figures/*.png"))
    assert len(pngs) == 3 and all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    report = next(local.rglob(names.TEST_REPORT)).read_text().splitlines()
    assert len(report) == len(tracked.result.data.X_test) + 1
    assert report[0].startswith("Iter1 |    Ground truth: ")
    assert report[-1].startswith("loss=")


def test_artifacts_live_beside_the_database(tracked):
    run = get_run(tracked.store, tracked.run_id)
    root = tracked.store.artifact_root
    assert root == sqlite_file(tracked.store.uri).parent / "artifacts"
    assert run.info.artifact_uri.startswith(root.as_uri() + "/")


def test_tags_say_what_produced_the_run(tracked):
    import mlflow

    tags = get_run(tracked.store, tracked.run_id).data.tags
    assert tags[names.NUMPY_VERSION] == np.__version__
    assert tags[names.MLFLOW_VERSION] == mlflow.__version__
    assert tags[names.PYTHON_VERSION].count(".") == 2
    assert tags[names.CODE_VERSION]
    assert tags[names.DATASET_TAG].startswith(tracked.result.config.dataset + " (")
    assert tags[names.MODEL_ID] == tracked.model_id
    assert names.FAILURE not in tags


def test_dataset_is_a_run_input(tracked):
    inputs = get_run(tracked.store, tracked.run_id).inputs.dataset_inputs
    assert len(inputs) == 1
    dataset = inputs[0].dataset
    assert dataset.name == tracked.result.config.dataset
    assert names.DATASET in dataset.source  # points at the dataset.npz holding its points


def test_nothing_written_outside_the_store(tracked):
    # The working directory of the tracked run was its temporary folder: only the store is there.
    folder = tracked.store.artifact_root.parent.parent
    assert sorted(p.name for p in folder.iterdir()) == ["store"]


def test_parent_run_and_extra_tags(store_uri):
    store = open_store(store_uri, "sweep")
    parent = store.client().create_run(store.experiment_id, run_name="sweep").info.run_id
    child = train_tracked(
        TrainConfig(epochs=3, target_accuracy=None), store=store, parent_run_id=parent, tags={"bp.sweep": "lr"}
    )
    tags = get_run(store, child.run_id).data.tags
    assert tags[names.PARENT_RUN] == parent
    assert tags["bp.sweep"] == "lr"
