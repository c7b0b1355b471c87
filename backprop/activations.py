"""Hidden-layer activations and their derivatives, in one registry keyed by the CLI's names.

Each derivative is written in terms of the activation's *output* `a = f(z)` and, where
needed, its input `z`: backpropagation has both at hand, and the sigmoid's derivative
reads most naturally as `a * (1 - a)` (the seed report's `derivative_activate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    name: str
    forward: Callable[[np.ndarray], np.ndarray]  # z -> a, any shape
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (z, a) -> da/dz, same shape


def sigmoid(z):
    # The seed's formula. For z < -709, exp(-z) overflows to inf and 1 / (1 + inf) is 0,
    # exactly the limit, so the overflow warning is silenced rather than worked around
    # (a tanh-based form is overflow-free but takes twice as long).
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z, a):
    return a * (1.0 - a)


def tanh(z):
    return np.tanh(z)


def tanh_derivative(z, a):
    return 1.0 - a * a


def relu(z):
    return np.maximum(z, 0.0)


def relu_derivative(z, a):
    # The subgradient at 0 is taken as 0, as scikit-learn does.
    return (z > 0).astype(z.dtype)


def leaky_relu(z):
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def leaky_relu_derivative(z, a):
    return np.where(z > 0, 1.0, LEAKY_SLOPE)


def identity(z):
    return z


def identity_derivative(z, a):
    return np.ones_like(z)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative),
    "tanh": Activation("tanh", tanh, tanh_derivative),
    "relu": Activation("relu", relu, relu_derivative),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_derivative),
    "none": Activation("none", identity, identity_derivative),
}
