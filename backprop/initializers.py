"""Weight initialisation, in one registry keyed by the CLI's names.

Each initializer draws one weight matrix of shape (fan_in, fan_out) from `rng`;
biases always start at zero (the seed report's choice).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

Initializer = Callable[[int, int, np.random.Generator], np.ndarray]


def normal(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """The seed's `np.random.randn`: standard Gaussian, whatever the layer's size."""
    return rng.standard_normal((fan_in, fan_out))


def xavier(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """Glorot & Bengio (2010), uniform: keeps activation variance steady for sigmoid/tanh."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out))


def he(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """He et al. (2015), normal: variance 2 / fan_in, suited to ReLU layers."""
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)


INITIALIZERS: dict[str, Initializer] = {"normal": normal, "xavier": xavier, "he": he}
