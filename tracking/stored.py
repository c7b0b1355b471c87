"""A stored run brought back from the store alone, without training: its config, weights,
per-epoch metrics and points, and from them the TrainResult `train` once returned.

Nothing here needs the machine, the folder or the dataset file the run was made with:
the points come from the run's dataset.npz, so a CSV dataset that is not here is no loss.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backprop.config import TrainConfig
from backprop.data import prepare_data
from backprop.network import MLP
from backprop.training import History, TrainResult
from tracking import names
from tracking.errors import StoreError
from tracking.resolve import is_complete
from tracking.runs import download, history, load_dataset, load_weights, run_config
from tracking.store import Store


@dataclass
class StoredRun:
    run: object  # the mlflow.entities.Run
    config: TrainConfig
    weights: dict[str, np.ndarray]  # MLP.state(): {"W1": (2, h1), "b1": (1, h1), ...}
    history: History
    points: tuple[np.ndarray, np.ndarray]  # X (n, 2), y (n, 1): every point, before any split

    @property
    def run_id(self) -> str:
        return self.run.info.run_id

    @property
    def summary(self) -> dict[str, float]:
        """The run's logged summary metrics (final_loss, epochs, target_epoch, ...)."""
        keys = (names.FINAL_LOSS, names.FINAL_ACCURACY, names.FINAL_TEST_LOSS, names.FINAL_TEST_ACCURACY,
                names.EPOCHS_RUN, names.TARGET_EPOCH)  # fmt: skip
        return {key: self.run.data.metrics[key] for key in keys if key in self.run.data.metrics}

    def result(self) -> TrainResult:
        """The run as `train` returned it: the network with its stored weights, its data split
        (the split is drawn from the seed, as in training) and its stored history."""
        model = MLP(self.config.hidden, self.config.activation, self.config.init).load_state(self.weights)
        return TrainResult(self.config, model, prepare_data(self.config, self.points), self.history)


def check_complete(run) -> None:
    """A run without weights cannot be brought back: say why in one line."""
    if "dataset" not in run.data.params:
        raise StoreError(f"run {run.info.run_id} ({run.info.run_name}) is not a training run: it has no training parameters")
    if not is_complete(run):
        raise StoreError(
            f"run {run.info.run_id} is {run.info.status} and has no stored weights: only finished runs can be brought back"
        )


def load_stored(store: Store, run) -> StoredRun:
    """Everything `bp reproduce` and `bp compare` need of `run`, read from the store."""
    check_complete(run)
    run_id = run.info.run_id
    return StoredRun(
        run=run,
        config=run_config(run),
        weights=load_weights(store, run_id),
        history=history(store, run),
        points=load_dataset(store, run_id),
    )


def copy_stored_figures(store: Store, run_id: str, folder: str | Path) -> list[Path]:
    """The PNG figures the run stored, copied into `folder` (to set beside redrawn ones)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bp-run-") as scratch:
        found = download(store, run_id, names.FIGURES_DIR, scratch)
        return [Path(shutil.copy2(png, folder / png.name)) for png in sorted(found.glob("*.png"))]
