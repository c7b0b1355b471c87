"""Optimizers that own their state, in one registry keyed by the CLI's names.

Each takes the parameter list and the gradient list (aligned, as `MLP.parameters()`
and `MLP.backward()` give them) and updates the parameters in place. State such as
velocities or moments lives in lists aligned with the parameters; an optimizer knows
nothing about layers.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-8  # keeps AdaGrad's and Adam's divisions finite


class SGD:
    """Plain gradient descent, the seed's: p <- p - lr * g."""

    def __init__(self, lr: float, **_):
        self.lr = lr

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        for p, g in zip(params, grads):
            p -= self.lr * g


class Momentum:
    """Heavy-ball momentum: v <- momentum * v - lr * g;  p <- p + v."""

    def __init__(self, lr: float, momentum: float = 0.9, **_):
        self.lr, self.momentum = lr, momentum
        self.velocities: list[np.ndarray] | None = None

    def step(self, params, grads):
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.velocities):
            v *= self.momentum
            v -= self.lr * g
            p += v


class AdaGrad:
    """Duchi et al. (2011): G <- G + g^2;  p <- p - lr * g / (sqrt(G) + eps)."""

    def __init__(self, lr: float, **_):
        self.lr = lr
        self.sums: list[np.ndarray] | None = None

    def step(self, params, grads):
        if self.sums is None:
            self.sums = [np.zeros_like(p) for p in params]
        for p, g, G in zip(params, grads, self.sums):
            G += g * g
            p -= self.lr * g / (np.sqrt(G) + EPS)


class Adam:
    """Kingma & Ba (2015), with bias correction by beta^t for t = 1, 2, ...

    m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
    p <- p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
    """

    def __init__(self, lr: float, beta1: float = 0.9, beta2: float = 0.999, **_):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.t = 0
        self.m: list[np.ndarray] | None = None
        self.v: list[np.ndarray] | None = None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        correction1 = 1.0 - self.beta1**self.t
        correction2 = 1.0 - self.beta2**self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * g * g
            p -= self.lr * (m / correction1) / (np.sqrt(v / correction2) + EPS)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adagrad": AdaGrad, "adam": Adam}
