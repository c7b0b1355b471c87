"""The training loop: forward, loss, backward, step, report, stop.

Epoch k's loss and accuracy are those of the network as it enters epoch k (for full
batch: the very forward pass whose gradient makes the step), measured on all the
training points. Training stops at the first epoch whose accuracy reaches the
target, keeping the weights that reached it, or after `config.epochs` epochs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from backprop.config import TrainConfig
from backprop.data import Split, prepare_data, random_streams
from backprop.losses import LOSSES
from backprop.network import MLP
from backprop.optimizers import OPTIMIZERS

# callback(epoch, metrics): metrics has "loss" and "accuracy", and with a held-out
# split "test_loss" and "test_accuracy". Called once per epoch, epochs from 1.
EpochCallback = Callable[[int, dict[str, float]], None]


class DivergenceError(RuntimeError):
    """The loss became NaN or infinite: training stopped rather than return garbage."""

    def __init__(self, epoch: int, loss: float):
        super().__init__(
            f"training diverged at epoch {epoch}: the loss is {loss}; try a smaller learning rate"
        )
        self.epoch, self.loss = epoch, loss


@dataclass
class History:
    """Per-epoch metrics, index i holding epoch i + 1 (sklearn's `loss_curve_`, and more)."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)  # a fraction in [0, 1]
    test_loss: list[float] = field(default_factory=list)  # empty without a held-out split
    test_accuracy: list[float] = field(default_factory=list)
    target_epoch: int | None = None  # first epoch at which the target accuracy was reached

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def as_dict(self) -> dict[str, list[float]]:
        """The non-empty metric series by name."""
        series = {
            "loss": self.loss,
            "accuracy": self.accuracy,
            "test_loss": self.test_loss,
            "test_accuracy": self.test_accuracy,
        }
        return {name: values for name, values in series.items() if values}


@dataclass
class TrainResult:
    config: TrainConfig
    model: MLP
    data: Split
    history: History


def accuracy(p: np.ndarray, y: np.ndarray) -> float:
    """Fraction of points whose prediction, thresholded at 0.5, equals the label. p, y: (n, 1)."""
    return float(np.mean((p > 0.5) == (y > 0.5)))


def evaluate(model: MLP, X: np.ndarray, y: np.ndarray, loss: str) -> tuple[float, float]:
    """(mean loss, accuracy) of `model` on X (n, 2), y (n, 1)."""
    p = model.forward(X, keep=False)
    return LOSSES[loss].value(p, y), accuracy(p, y)


def build_model(config: TrainConfig) -> MLP:
    """The network of `config` with its initial weights (drawn from the seed's init stream)."""
    return MLP(config.hidden, config.activation, config.init, random_streams(config.seed)["init"])


def train(
    config: TrainConfig,
    callback: EpochCallback | None = None,
    points: tuple[np.ndarray, np.ndarray] | None = None,
) -> TrainResult:
    """Train the network `config` describes; the same config always gives the same weights.

    `points` = (X (n, 2), y (n, 1)) trains on given points instead of generating the
    config's dataset (a stored run's points, for instance). Raises DivergenceError if
    the loss stops being finite; a KeyboardInterrupt leaves the history so far reported.
    """
    data = prepare_data(config, points)
    model = build_model(config)
    streams = random_streams(config.seed)
    loss = LOSSES[config.loss]
    optimizer = OPTIMIZERS[config.optimizer](
        lr=config.lr, momentum=config.momentum, beta1=config.beta1, beta2=config.beta2
    )
    history = History()
    # Overflow is not an error here: a diverging run is caught below, by its loss, and named.
    with np.errstate(over="ignore", invalid="ignore"):
        _loop(config, model, data, loss, optimizer, streams["shuffle"], callback, history)
    return TrainResult(config, model, data, history)


def _loop(config, model, data, loss, optimizer, shuffle_rng, callback, history) -> None:
    params = model.parameters()
    X, y = data.X_train, data.y_train  # (n, 2), (n, 1)
    n = len(X)
    full_batch = config.batch_size is None or config.batch_size >= n
    for epoch in range(1, config.epochs + 1):
        p = model.forward(X)  # (n, 1); for full batch, also the pass the step is taken from
        metrics = {"loss": loss.value(p, y), "accuracy": accuracy(p, y)}
        if not math.isfinite(metrics["loss"]):
            raise DivergenceError(epoch, metrics["loss"])
        if data.held_out:
            test_loss, test_accuracy = evaluate(model, data.X_test, data.y_test, config.loss)
            metrics["test_loss"], metrics["test_accuracy"] = test_loss, test_accuracy
        for name, value in metrics.items():
            getattr(history, name).append(value)
        if callback is not None:
            callback(epoch, metrics)
        if config.target_accuracy is not None and metrics["accuracy"] >= config.target_accuracy:
            history.target_epoch = epoch
            break

        if full_batch:
            steps = [(p, y)]  # the forward pass above is the one to step from
        else:
            steps = ((model.forward(X[b]), y[b]) for b in _batches(n, config.batch_size, shuffle_rng))
        for p_batch, y_batch in steps:
            grads = model.backward(loss.delta(p_batch, y_batch))  # [dW1, db1, ...]
            if config.l2:
                for param, grad in zip(params[0::2], grads[0::2]):  # weights only
                    grad += config.l2 * param
            optimizer.step(params, grads)
    else:
        # The last epoch's step was never measured, and it too can diverge: rather than return
        # a network whose loss is NaN, report it as the network entering the epoch after the last.
        final_loss = loss.value(model.forward(X, keep=False), y)
        if not math.isfinite(final_loss):
            raise DivergenceError(config.epochs + 1, final_loss)


def _batches(n: int, size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """A fresh shuffle of 0..n-1 cut into batches of `size` (the last may be smaller)."""
    order = rng.permutation(n)
    return [order[start : start + size] for start in range(0, n, size)]
