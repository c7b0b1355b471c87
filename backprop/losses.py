"""Losses for a sigmoid output unit, in one registry keyed by the CLI's names.

Conventions (the seed report's):
- `value(p, y)` is the number reported each epoch: the mean over the points.
- Training follows the gradient of the *sum* over the batch of the per-point
  objective; for MSE that per-point objective is 1/2 (p - y)^2, so its derivative is
  the seed's `dL = prediction - y`. With a mean instead, the same steps would need a
  learning rate n times larger.
- `delta(p, y)` is d(objective)/dz at the output unit's pre-activation z, where
  p = sigmoid(z). Folding the sigmoid in keeps BCE exact when p saturates: its
  delta is simply p - y, with no division by p (1 - p).
All arrays are (n, 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

# Probabilities are clipped this far from 0 and 1 before a logarithm.
EPS = 1e-12


@dataclass(frozen=True)
class Loss:
    name: str
    value: Callable[[np.ndarray, np.ndarray], float]  # reported: mean over points
    objective: Callable[[np.ndarray, np.ndarray], float]  # minimised: sum over points
    delta: Callable[[np.ndarray, np.ndarray], np.ndarray]  # d objective / dz, (n, 1)


def mse_value(p, y):
    return float(np.mean((p - y) ** 2))


def mse_objective(p, y):
    return float(0.5 * np.sum((p - y) ** 2))


def mse_delta(p, y):
    # d/dp of 1/2 (p - y)^2 is (p - y); times dp/dz = p (1 - p) for the sigmoid.
    return (p - y) * p * (1.0 - p)


def _bce_points(p, y):
    p = np.clip(p, EPS, 1.0 - EPS)
    return -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def bce_value(p, y):
    return float(np.mean(_bce_points(p, y)))


def bce_objective(p, y):
    return float(np.sum(_bce_points(p, y)))


def bce_delta(p, y):
    # d/dp of the cross-entropy is (p - y) / (p (1 - p)); the sigmoid's p (1 - p) cancels it.
    return p - y


LOSSES: dict[str, Loss] = {
    "mse": Loss("mse", mse_value, mse_objective, mse_delta),
    "bce": Loss("bce", bce_value, bce_objective, bce_delta),
}
