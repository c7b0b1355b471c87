"""Training learns what the lab says it learns, and stops, diverges and splits as documented."""

from __future__ import annotations

import numpy as np
import pytest

from backprop.config import TrainConfig
from backprop.training import DivergenceError, build_model, evaluate, train


def test_the_seeds_setup_learns_linear():
    # The lab's defaults: 2-100-100-1, sigmoid, normal init, MSE, full-batch SGD at lr 0.01.
    result = train(TrainConfig(dataset="linear"))
    assert result.history.target_epoch is not None
    assert result.history.accuracy[-1] == 1.0


def test_adam_learns_xor_quickly():
    config = TrainConfig(dataset="xor", optimizer="adam", activation="relu", init="xavier", lr=0.01, epochs=50)
    result = train(config)
    assert result.history.target_epoch is not None
    _, accuracy = evaluate(result.model, result.data.X_train, result.data.y_train, "mse")
    assert accuracy == 1.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_without_activation_xor_cannot_be_learned(seed):
    # Identity hidden layers make the network one linear map and a sigmoid: a straight line
    # as boundary, and no line classifies more than 16 of XOR's 21 points (76%).
    result = train(TrainConfig(dataset="xor", activation="none", hidden=(20, 20), lr=0.01, epochs=1500, seed=seed))
    assert result.history.target_epoch is None
    assert max(result.history.accuracy) < 0.8


def test_divergence_names_the_epoch():
    config = TrainConfig(dataset="xor", loss="bce", activation="none", lr=1e100, target_accuracy=None, epochs=50)
    with pytest.raises(DivergenceError) as caught:
        train(config)
    error = caught.value
    assert 1 < error.epoch <= 50
    assert not np.isfinite(error.loss)
    assert f"epoch {error.epoch}" in str(error)


def test_divergence_in_the_last_step_is_reported_too():
    config = TrainConfig(dataset="xor", loss="bce", activation="none", lr=1e100, target_accuracy=None, epochs=50)
    with pytest.raises(DivergenceError) as caught:
        train(config)
    last = caught.value.epoch - 1  # the last epoch whose step kept the loss finite
    with pytest.raises(DivergenceError) as caught:
        train(config.replace(epochs=last))
    assert caught.value.epoch == last + 1


def test_training_stops_at_the_target_without_stepping():
    config = TrainConfig(dataset="xor", lr=0.1, hidden=(20, 20), target_accuracy=0.9, seed=1)
    result = train(config)
    history = result.history
    assert history.target_epoch == history.epochs
    assert history.accuracy[-1] >= 0.9 and all(a < 0.9 for a in history.accuracy[:-1])
    # The weights returned are those that reached the target: the last metrics are theirs.
    loss, accuracy = evaluate(result.model, result.data.X_train, result.data.y_train, config.loss)
    assert (loss, accuracy) == (history.loss[-1], history.accuracy[-1])


def test_epoch_one_reports_the_initial_network():
    config = TrainConfig(dataset="linear", n=30, hidden=(5, 5), epochs=3, target_accuracy=None)
    result = train(config)
    data = result.data
    assert result.history.loss[0] == evaluate(build_model(config), data.X_train, data.y_train, "mse")[0]
    assert result.history.epochs == 3 and result.history.target_epoch is None


def test_callback_sees_every_epoch():
    seen = []
    config = TrainConfig(dataset="linear", n=30, hidden=(5, 5), epochs=4, target_accuracy=None)
    result = train(config, callback=lambda epoch, metrics: seen.append((epoch, metrics["loss"])))
    assert seen == list(zip([1, 2, 3, 4], result.history.loss))


def test_held_out_split_reports_test_metrics():
    seen = []
    config = TrainConfig(dataset="linear", n=40, hidden=(8, 8), test_split=0.25, epochs=5, target_accuracy=None)
    result = train(config, callback=lambda epoch, metrics: seen.append(metrics))
    data = result.data
    assert data.held_out and len(data.X_test) == 10 and len(data.X_train) == 30
    # The two parts are the dataset's points, each once.
    rows = {tuple(p) for p in data.X_train} | {tuple(p) for p in data.X_test}
    assert len(rows) == 40
    assert len(result.history.test_loss) == len(result.history.test_accuracy) == 5
    assert set(seen[0]) == {"loss", "accuracy", "test_loss", "test_accuracy"}
    loss, accuracy = evaluate(result.model, data.X_test, data.y_test, "mse")
    assert 0 <= accuracy <= 1 and loss > 0


def test_without_split_there_are_no_test_metrics():
    result = train(TrainConfig(dataset="xor", hidden=(4,), epochs=3, target_accuracy=None))
    assert result.history.test_loss == [] and not result.data.held_out
    assert set(result.history.as_dict()) == {"loss", "accuracy"}


def test_l2_shrinks_the_weights():
    base = TrainConfig(dataset="linear", n=50, hidden=(10, 10), lr=0.02, epochs=200, target_accuracy=None)
    plain, penalised = train(base), train(base.replace(l2=0.5))
    norm = lambda result: sum(float(np.sum(W**2)) for W in result.model.weights)
    assert norm(penalised) < 0.8 * norm(plain)
