"""Check backpropagation against central finite differences, parameter by parameter.

For every entry theta of every parameter, the numerical gradient is
    (J(theta + eps) - J(theta - eps)) / (2 eps)
where J is the training objective (the loss summed over the points, plus the L2
penalty). Each parameter's relative error is

    ||g_backprop - g_numeric|| / (||g_backprop|| + ||g_numeric||)

over all its entries, about 1e-9 in float64 when backpropagation is right and of
order 1 when it is wrong. (An entry-by-entry ratio would flag entries whose gradient
is ~1e-9, where the differences' own rounding error, ~1e-11 * |J| / eps, dominates.)

ReLU-like activations have a kink at 0; with zero biases the lab's XOR point (0, 0)
puts every first-layer unit exactly on it, where no derivative exists.
`jitter_biases()` moves the biases off zero for a check that means something.
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
    relative_error: float  # ||g_bp - g_fd|| / (||g_bp|| + ||g_fd||)
    max_abs_difference: float  # largest |g_bp - g_fd| over the entries
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


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return float(np.linalg.norm(analytic - numeric) / scale) if scale > 0 else 0.0


def jitter_biases(model: MLP, rng: np.random.Generator, scale: float = 0.1) -> None:
    """Draw every bias from N(0, scale^2), so that no unit sits exactly on a ReLU kink."""
    for b in model.biases:
        b[...] = rng.normal(0.0, scale, b.shape)


def check_gradients(
    model: MLP, X: np.ndarray, y: np.ndarray, loss: str, l2: float = 0.0, eps: float = 1e-5
) -> list[LayerCheck]:
    """One LayerCheck per parameter (W1, b1, W2, ...)."""
    analytic = analytic_gradients(model, X, y, loss, l2)
    numeric = numeric_gradients(model, X, y, loss, l2, eps)
    names = [f"{kind}{l}" for l in range(1, len(model.weights) + 1) for kind in ("W", "b")]
    return [
        LayerCheck(name, a.shape, relative_error(a, n), float(np.abs(a - n).max()), float(np.abs(a).max()))
        for name, a, n in zip(names, analytic, numeric)
    ]
