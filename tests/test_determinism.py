"""The same config always gives the same weights; the seed is the only source of randomness."""

from __future__ import annotations

import numpy as np

from backprop.config import TrainConfig
from backprop.training import build_model, train

SMALL = dict(dataset="linear", n=40, hidden=(8, 6), lr=0.05, epochs=30, target_accuracy=None)


def weights(result) -> dict[str, np.ndarray]:
    return result.model.state()


def same_state(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def test_same_config_same_weights_and_history():
    config = TrainConfig(**SMALL, seed=3)
    first, second = train(config), train(config)
    assert same_state(weights(first), weights(second))
    assert first.history.loss == second.history.loss


def test_another_seed_other_weights():
    assert not same_state(weights(train(TrainConfig(**SMALL, seed=3))), weights(train(TrainConfig(**SMALL, seed=4))))


def test_mini_batches_are_reproducible():
    config = TrainConfig(**SMALL, batch_size=7, optimizer="momentum", seed=2)
    first, second = train(config), train(config)
    assert same_state(weights(first), weights(second))
    full = train(config.replace(batch_size=None))
    assert not same_state(weights(first), weights(full))


def test_shuffling_differs_with_the_seed_but_the_batch_size_does_not_move_the_start():
    """Changing the batch size changes the shuffles, not the initial weights (separate streams)."""
    a = TrainConfig(**SMALL, batch_size=7, seed=2)
    assert same_state(build_model(a).state(), build_model(a.replace(batch_size=None, lr=0.3)).state())


def test_training_ignores_the_global_rng():
    config = TrainConfig(**SMALL, batch_size=5, seed=1)
    np.random.seed(0)
    first = train(config)
    np.random.seed(99)
    assert same_state(weights(first), weights(train(config)))


def test_test_split_is_reproducible():
    config = TrainConfig(**SMALL, test_split=0.25, seed=8)
    a, b = train(config).data, train(config).data
    assert np.array_equal(a.X_test, b.X_test) and np.array_equal(a.X_train, b.X_train)
