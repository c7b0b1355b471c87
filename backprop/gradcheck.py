"""Check backpropagation against central finite differences, parameter by parameter.

For every entry theta of every parameter, the numerical gradient is
    (J(theta + eps) - J(theta - eps)) / (2 eps)
where J is the training objective (the loss summed over the points, plus the L2
penalty). The relative error |analytic - numeric| / max(|analytic| + |numeric|, tiny)
should be around 1e-7 or smaller in float64 when backpropagation is right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop.losses import LOSSES
from backprop.network import MLP


@dataclass(frozen=True)
class LayerCheck:
    name: str  # "W1", "b1", ...
    shape: tuple[int, ...]
    max_relative_error: float
    max_abs_gradient: float


def objective(model: MLP, X: np.ndarray, y: np.ndarray, loss: str, l2: float = 0.0) -> float:
    """What training minimises: the loss summed over the points plus l2/2 * sum of squared weights."""
    J = LOSSES[loss].objective(model.forward(X, keep=False), y)
    return J + 0.5 * l2 * sum(float(np.sum(W * W)) for W in model.weights)


def analytic_gradients(model: MLP, X: np.ndarray, y: np.ndarray, loss: str, l2: float = 0.0) -> list[np.ndarray]:
    """Backpropagated gradients of `objective`, aligned with `model.parameters()`."""
    grads = model.backward(LOSSES[loss].delta(model.forward(X), y))
    for W, dW in zip(model.weights, grads[0::2]):
        dW += l2 * W
    return grads


def numeric_gradients(
    model: MLP, X: np.ndarray, y: np.ndarray, loss: str, l2: float = 0.0, eps: float = 1e-5
) -> list[np.ndarray]:
    """Central differences of `objective` for every entry of every parameter."""
    grads = []
    for param in model.parameters():
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            saved = param[index]
            param[index] = saved + eps
            plus = objective(model, X, y, loss, l2)
            param[index] = saved - eps
            minus = objective(model, X, y, loss, l2)
            param[index] = saved  # restore exactly, so the check leaves the model as it was
            grad[index] = (plus - minus) / (2 * eps)
        grads.append(grad)
    return grads


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> np.ndarray:
    scale = np.maximum(np.abs(analytic) + np.abs(numeric), 1e-12)
    return np.abs(analytic - numeric) / scale


def check_gradients(
    model: MLP, X: np.ndarray, y: np.ndarray, loss: str, l2: float = 0.0, eps: float = 1e-5
) -> list[LayerCheck]:
    """One LayerCheck per parameter (W1, b1, W2, ...), with its largest relative error."""
    analytic = analytic_gradients(model, X, y, loss, l2)
    numeric = numeric_gradients(model, X, y, loss, l2, eps)
    names = [f"{kind}{l}" for l in range(1, len(model.weights) + 1) for kind in ("W", "b")]
    return [
        LayerCheck(name, a.shape, float(relative_error(a, n).max()), float(np.abs(a).max()))
        for name, a, n in zip(names, analytic, numeric)
    ]
