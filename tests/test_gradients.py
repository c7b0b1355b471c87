"""Backpropagation against central differences, for every activation x loss pair.

The numerical gradient is computed here, independently of `backprop.gradcheck`:
    dJ/dtheta ~ (J(theta + eps) - J(theta - eps)) / (2 eps),  eps = 1e-5, float64,
where J is the training objective (the loss summed over the points, plus
l2/2 * sum of squared weights). Parametrized over the registries' keys, so a new
activation or loss is checked as soon as it is registered.
"""

from __future__ import annotations

import numpy as np
import pytest

from backprop.activations import ACTIVATIONS, Activation
from backprop.config import TrainConfig
from backprop.gradcheck import analytic_gradients, check_gradients
from backprop.losses import LOSSES
from backprop.network import MLP
from backprop.training import build_model, train

EPS = 1e-5


def small_network(activation: str, seed: int = 0) -> tuple[MLP, np.ndarray, np.ndarray]:
    """A 2-4-3-1 network with non-zero biases (off every ReLU kink) and 7 random points."""
    rng = np.random.default_rng(seed)
    model = MLP(hidden=(4, 3), activation=activation, init="normal", rng=rng)
    for b in model.biases:
        b[...] = rng.uniform(0.2, 0.6, b.shape) * rng.choice([-1.0, 1.0], b.shape)
    X = rng.uniform(-1.0, 1.0, (7, 2))  # (7, 2)
    y = rng.integers(0, 2, (7, 1)).astype(np.float64)  # (7, 1)
    return model, X, y


def objective(model: MLP, X, y, loss: str, l2: float) -> float:
    """J: the summed per-point objective plus the L2 penalty on the weights (not the biases)."""
    return LOSSES[loss].objective(model.forward(X, keep=False), y) + 0.5 * l2 * sum(
        float(np.sum(W**2)) for W in model.weights
    )


def numerical_gradients(model: MLP, X, y, loss: str, l2: float) -> list[np.ndarray]:
    grads = []
    for param in model.parameters():
        grad = np.empty_like(param)
        for index in np.ndindex(param.shape):
            saved = param[index]
            param[index] = saved + EPS
            plus = objective(model, X, y, loss, l2)
            param[index] = saved - EPS
            minus = objective(model, X, y, loss, l2)
            param[index] = saved
            grad[index] = (plus - minus) / (2 * EPS)
        grads.append(grad)
    return grads


def assert_gradients_match(analytic: list[np.ndarray], numeric: list[np.ndarray]) -> None:
    assert len(analytic) == len(numeric)
    for k, (a, n) in enumerate(zip(analytic, numeric)):
        assert a.shape == n.shape, f"parameter {k}"
        np.testing.assert_allclose(a, n, rtol=1e-5, atol=1e-7, err_msg=f"parameter {k} of [W1, b1, W2, ...]")


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_backward_matches_central_differences(activation, loss, l2):
    model, X, y = small_network(activation)
    analytic = model.backward(LOSSES[loss].delta(model.forward(X), y))
    for W, dW in zip(model.weights, analytic[0::2]):
        dW += l2 * W  # the penalty's gradient, added as training adds it
    numeric = numerical_gradients(model, X, y, loss, l2)
    assert all(np.abs(n).max() > 1e-6 for n in numeric[-2:]), "a vanishing gradient would check nothing"
    assert_gradients_match(analytic, numeric)
    assert_gradients_match(analytic_gradients(model, X, y, loss, l2), numeric)


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_one_training_step_follows_the_objective_gradient(loss, l2):
    """train() with one epoch takes exactly one step: theta - lr * dJ/dtheta, L2 included."""
    config = TrainConfig(
        dataset="linear", n=12, hidden=(4, 3), activation="tanh", loss=loss, l2=l2,
        lr=0.05, epochs=1, target_accuracy=None, seed=3,
    )
    result = train(config)
    before = build_model(config)
    numeric = numerical_gradients(before, result.data.X_train, result.data.y_train, loss, l2)
    for after, start, grad in zip(result.model.parameters(), before.parameters(), numeric):
        np.testing.assert_allclose(after, start - config.lr * grad, rtol=1e-7, atol=1e-9)
    assert not np.allclose(result.model.weights[0], before.weights[0])


def test_check_gradients_passes_a_correct_backward():
    model, X, y = small_network("sigmoid")
    checks = check_gradients(model, X, y, "mse", l2=0.1)
    assert [c.name for c in checks] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert max(c.relative_error for c in checks) < 1e-7


def test_check_gradients_catches_a_wrong_derivative(monkeypatch):
    sigmoid = ACTIVATIONS["sigmoid"]
    broken = Activation("sigmoid", sigmoid.forward, lambda z, a: 1.2 * a * (1.0 - a))
    monkeypatch.setitem(ACTIVATIONS, "sigmoid", broken)
    model, X, y = small_network("sigmoid")
    checks = {c.name: c.relative_error for c in check_gradients(model, X, y, "mse")}
    assert checks["W3"] < 1e-7  # the output layer does not use the hidden derivative
    assert checks["W1"] > 1e-3 and checks["W2"] > 1e-3
