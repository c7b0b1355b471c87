"""What a tracked run holds, besides its per-epoch metrics: parameters, the dataset (as a
run input and as dataset.npz), and at the end the summary metrics, weights, figures,
test report and the pyfunc model.
"""

from __future__ import annotations

import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from backprop.config import TrainConfig
from backprop.training import TrainResult
from tracking import names
from tracking.artifacts import write_dataset, write_results
from tracking.model import log_model
from tracking.params import config_to_params
from tracking.store import Store


def dataset_name(config: TrainConfig) -> str:
    """"xor", or a CSV file's name without its folder and suffix: the default experiment."""
    return Path(config.dataset).stem if config.dataset.endswith(".csv") else config.dataset


def log_inputs(client, store: Store, run, config: TrainConfig, X: np.ndarray, y: np.ndarray) -> None:
    """Parameters, the dataset as a run input, and its points as dataset.npz."""
    import mlflow.data
    from mlflow.entities import DatasetInput, InputTag, Param

    run_id = run.info.run_id
    client.log_batch(run_id, params=[Param(k, v) for k, v in config_to_params(config).items()], synchronous=True)
    with tempfile.TemporaryDirectory(prefix="bp-run-") as folder:
        client.log_artifact(run_id, str(write_dataset(Path(folder), X, y)))
    # The input's source is the dataset.npz just logged, where its points are: a file URI, or
    # for a server the URL it serves the file at (its own mlflow-artifacts: URIs do not resolve).
    if store.is_server:
        source = f"{store.uri.rstrip('/')}/get-artifact?path={names.DATASET}&run_uuid={run_id}"
    else:
        source = f"{run.info.artifact_uri.rstrip('/')}/{names.DATASET}"
    try:
        with warnings.catch_warnings():  # "can be interpreted in multiple ways": both readings agree
            warnings.simplefilter("ignore", UserWarning)
            dataset = mlflow.data.from_numpy(X, targets=y, name=dataset_name(config), source=source)
    except Exception:  # a source MLflow cannot resolve (some remote schemes): the points stay in the artifact
        dataset = mlflow.data.from_numpy(X, targets=y, name=dataset_name(config))
    context = InputTag(key="mlflow.data.context", value="training")
    inputs = [DatasetInput(dataset._to_mlflow_entity(), tags=[context])]
    # MLflow keeps one dataset row per experiment, name and digest, "get or create": runs of
    # a sweep logging the same points at once can both try to create it, and one loses on
    # the unique constraint. Once it exists, a second attempt simply links to it.
    for attempt in range(3):
        try:
            client.log_inputs(run_id, datasets=inputs)
            return
        except Exception as error:
            text = str(error)
            if attempt == 2 or ("UNIQUE constraint" not in text and "duplicate key" not in text):
                raise
            time.sleep(0.2 * (attempt + 1))


def log_outcome(client, store: Store, run, result: TrainResult) -> str:
    """Summary metrics, weights, figures, test report and the pyfunc model; returns the model id."""
    from mlflow.entities import Metric, RunTag

    history, run_id = result.history, run.info.run_id
    with tempfile.TemporaryDirectory(prefix="bp-run-") as folder:
        paths = write_results(Path(folder), result)
        client.log_artifacts(run_id, folder)
        model_id = log_model(client, store.experiment_id, run_id, result.config, paths["weights"], history.epochs)
    summary = {names.FINAL_LOSS: history.loss[-1], names.FINAL_ACCURACY: history.accuracy[-1], names.EPOCHS_RUN: history.epochs}
    if history.test_loss:
        summary[names.FINAL_TEST_LOSS] = history.test_loss[-1]
        summary[names.FINAL_TEST_ACCURACY] = history.test_accuracy[-1]
    if history.target_epoch is not None:
        summary[names.TARGET_EPOCH] = history.target_epoch
    now = now_ms()
    metrics = [Metric(key, float(value), now, history.epochs) for key, value in summary.items()]
    client.log_batch(run_id, metrics=metrics, tags=[RunTag(names.MODEL_ID, model_id)], synchronous=True)
    return model_id


def now_ms() -> int:
    return int(time.time() * 1000)
