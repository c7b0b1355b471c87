"""Read tracked runs back: find them, and rebuild a run's config, histories, arrays and model.

    from tracking.runs import find_runs, run_config, metric_history, load_weights
    store = open_store(must_exist=True, experiment=None)
    for run in find_runs(store): print(run.info.run_id, run_config(run).label)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from backprop.config import TrainConfig
from backprop.network import MLP
from backprop.training import History
from tracking import names
from tracking.artifacts import read_npz
from tracking.params import params_to_config
from tracking.store import Store, StoreError


def find_runs(store: Store, experiment: str | None = None, max_results: int = 1000, filter_string: str = ""):
    """Runs of `experiment` (default: every experiment with runs), newest first."""
    client = store.client()
    if experiment is not None:
        found = client.get_experiment_by_name(experiment)
        if found is None:
            known = ", ".join(e.name for e in client.search_experiments()) or "none yet"
            raise StoreError(f"no experiment {experiment!r} in {store.uri} (experiments: {known})")
        experiment_ids = [found.experiment_id]
    else:
        experiment_ids = [e.experiment_id for e in client.search_experiments()]
    if not experiment_ids:
        return []
    return client.search_runs(
        experiment_ids, filter_string=filter_string, max_results=max_results, order_by=["attributes.start_time DESC"]
    )


def get_run(store: Store, run_id: str):
    """The MLflow Run `run_id`, or StoreError naming it."""
    from mlflow.exceptions import MlflowException

    try:
        return store.client().get_run(run_id)
    except MlflowException:
        raise StoreError(f"no run {run_id!r} in {store.uri}") from None


def run_config(run) -> TrainConfig:
    """The exact TrainConfig the run trained (from its parameters)."""
    return params_to_config(run.data.params)


def metric_history(store: Store, run_id: str, key: str) -> tuple[np.ndarray, np.ndarray]:
    """(steps, values) of metric `key`, ordered by step (epoch)."""
    points = sorted(store.client().get_metric_history(run_id, key), key=lambda m: (m.step, m.timestamp))
    steps = np.array([m.step for m in points], dtype=np.int64)
    values = np.array([m.value for m in points], dtype=np.float64)
    return steps, values


def history(store: Store, run) -> History:
    """The run's per-epoch metrics as a backprop History (what `train` returned)."""
    rebuilt = History()
    for key in names.EPOCH_METRICS:
        if key in run.data.metrics:
            setattr(rebuilt, key, metric_history(store, run.info.run_id, key)[1].tolist())
    target = run.data.metrics.get(names.TARGET_EPOCH)
    rebuilt.target_epoch = None if target is None else int(target)
    return rebuilt


def download(store: Store, run_id: str, artifact: str, folder: str | Path) -> Path:
    """Copy one artifact of the run (e.g. names.WEIGHTS) into `folder`; its local path."""
    from mlflow.artifacts import download_artifacts

    return Path(download_artifacts(run_id=run_id, artifact_path=artifact, dst_path=str(folder), tracking_uri=store.uri))


def load_arrays(store: Store, run_id: str, artifact: str) -> dict[str, np.ndarray]:
    """The arrays of an .npz artifact, read with allow_pickle=False."""
    with tempfile.TemporaryDirectory(prefix="bp-run-") as folder:
        return read_npz(download(store, run_id, artifact, folder))


def load_weights(store: Store, run_id: str) -> dict[str, np.ndarray]:
    """{"W1": ..., "b1": ..., ...}: the learned weights (MLP.state())."""
    return load_arrays(store, run_id, names.WEIGHTS)


def load_dataset(store: Store, run_id: str) -> tuple[np.ndarray, np.ndarray]:
    """(X (n, 2), y (n, 1)): every point the run used, before any split."""
    arrays = load_arrays(store, run_id, names.DATASET)
    return arrays["X"], arrays["y"]


def load_network(store: Store, run) -> MLP:
    """The trained network, rebuilt from the run's config and weights."""
    config = run_config(run)
    return MLP(config.hidden, config.activation, config.init).load_state(load_weights(store, run.info.run_id))


def load_pyfunc(store: Store, run):
    """The run's logged pyfunc model (predicts from a DataFrame with columns x1, x2)."""
    import mlflow.pyfunc

    from tracking.model import fluent_uri

    model_id = run.data.tags.get(names.MODEL_ID)
    if model_id is None:
        raise StoreError(f"run {run.info.run_id} has no logged model (it did not finish)")
    with fluent_uri(store.uri):  # models:/ URIs are resolved against the global tracking URI
        return mlflow.pyfunc.load_model(f"models:/{model_id}")
