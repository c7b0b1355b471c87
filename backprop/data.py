"""From a config to the arrays a run trains and tests on.

All randomness of a run flows from `config.seed` through independent streams, so
that, for instance, changing the batch size does not change the initial weights,
and a learning-rate sweep starts every run from the same weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop.config import ConfigError, TrainConfig
from backprop.datasets import make_dataset

STREAMS = ("init", "split", "shuffle")


def random_streams(seed: int) -> dict[str, np.random.Generator]:
    """One independent generator per use, all derived from `seed`.

    The dataset itself is drawn with `seed` as it is, so that `linear(100, seed=7)`
    gives exactly the points of a run with seed 7.
    """
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {name: np.random.default_rng(child) for name, child in zip(STREAMS, children)}


@dataclass(frozen=True)
class Split:
    """Training and test arrays: X (n, 2), y (n, 1).

    Without a test split the lab's convention holds: the test set *is* the training set.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    held_out: bool  # True when the test points were held out of training

    @property
    def X(self) -> np.ndarray:
        """All points, training then test (once each)."""
        return np.vstack([self.X_train, self.X_test]) if self.held_out else self.X_train

    @property
    def y(self) -> np.ndarray:
        return np.vstack([self.y_train, self.y_test]) if self.held_out else self.y_train


def split_data(X: np.ndarray, y: np.ndarray, test_split: float, rng: np.random.Generator) -> Split:
    if test_split <= 0:
        return Split(X, y, X, y, held_out=False)
    n = len(X)
    n_test = int(round(n * test_split))
    if n_test < 1 or n_test >= n:
        raise ConfigError("test_split", f"a test split of {test_split} leaves {n_test} of {n} points for testing")
    order = rng.permutation(n)
    test, train = order[:n_test], order[n_test:]
    return Split(X[train], y[train], X[test], y[test], held_out=True)


def dataset_points(config: TrainConfig) -> tuple[np.ndarray, np.ndarray]:
    """All the points of the config's dataset, before any split: X (n, 2), y (n, 1).

    Raises DatasetError for a CSV file that is missing or malformed.
    """
    return make_dataset(config.dataset, config.n, config.noise, config.seed)


def prepare_data(config: TrainConfig, points: tuple[np.ndarray, np.ndarray] | None = None) -> Split:
    """The run's data: the config's dataset, or `points` (X, y) as they were stored, then split."""
    X, y = points if points is not None else dataset_points(config)
    return split_data(X, y, config.test_split, random_streams(config.seed)["split"])
