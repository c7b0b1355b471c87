"""Each optimizer's updates against its formula, over several steps with its state kept.

The reference implementations below are written out from the formulas, with their
own state, and run side by side with the optimizer on the same gradient sequence.
"""

from __future__ import annotations

import numpy as np
import pytest

from backprop.optimizers import OPTIMIZERS

LR, MOMENTUM, BETA1, BETA2, EPS = 0.1, 0.8, 0.7, 0.95, 1e-8
STEPS = 4


def sgd_reference(params, grad_sequence):
    params = [p.copy() for p in params]
    for grads in grad_sequence:
        params = [p - LR * g for p, g in zip(params, grads)]
        yield params


def momentum_reference(params, grad_sequence):
    params = [p.copy() for p in params]
    velocity = [np.zeros_like(p) for p in params]
    for grads in grad_sequence:
        velocity = [MOMENTUM * v - LR * g for v, g in zip(velocity, grads)]
        params = [p + v for p, v in zip(params, velocity)]
        yield params


def adagrad_reference(params, grad_sequence):
    params = [p.copy() for p in params]
    sums = [np.zeros_like(p) for p in params]
    for grads in grad_sequence:
        sums = [G + g**2 for G, g in zip(sums, grads)]
        params = [p - LR * g / (np.sqrt(G) + EPS) for p, g, G in zip(params, grads, sums)]
        yield params


def adam_reference(params, grad_sequence):
    params = [p.copy() for p in params]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t, grads in enumerate(grad_sequence, start=1):  # bias correction counts steps from 1
        m = [BETA1 * mi + (1 - BETA1) * g for mi, g in zip(m, grads)]
        v = [BETA2 * vi + (1 - BETA2) * g**2 for vi, g in zip(v, grads)]
        params = [
            p - LR * (mi / (1 - BETA1**t)) / (np.sqrt(vi / (1 - BETA2**t)) + EPS)
            for p, mi, vi in zip(params, m, v)
        ]
        yield params


REFERENCES = {
    "sgd": sgd_reference,
    "momentum": momentum_reference,
    "adagrad": adagrad_reference,
    "adam": adam_reference,
}


def test_every_registered_optimizer_has_a_reference():
    assert set(OPTIMIZERS) == set(REFERENCES)


def problem(seed=0):
    """Two parameters shaped like a weight (3, 2) and a bias (1, 2), and STEPS gradients for them."""
    rng = np.random.default_rng(seed)
    params = [rng.normal(size=(3, 2)), rng.normal(size=(1, 2))]
    grad_sequence = [[rng.normal(size=p.shape) for p in params] for _ in range(STEPS)]
    return params, grad_sequence


@pytest.mark.parametrize("name", list(REFERENCES))
def test_updates_follow_the_formula(name):
    params, grad_sequence = problem()
    expected = list(REFERENCES[name](params, grad_sequence))
    optimizer = OPTIMIZERS[name](lr=LR, momentum=MOMENTUM, beta1=BETA1, beta2=BETA2)
    arrays = params  # updated in place: the network's own arrays are what get trained
    ids = [id(a) for a in arrays]
    for step, (grads, want) in enumerate(zip(grad_sequence, expected), start=1):
        optimizer.step(arrays, [g.copy() for g in grads])
        for got, exp in zip(arrays, want):
            np.testing.assert_allclose(got, exp, rtol=1e-13, atol=1e-15, err_msg=f"{name}, step {step}")
    assert [id(a) for a in arrays] == ids


# Not Adam: with a constant gradient its bias-corrected steps are all lr * sign(g).
@pytest.mark.parametrize("name", ["momentum", "adagrad"])
def test_state_matters(name):
    """Feeding the same gradient twice: a stateful optimizer's second step differs from its first."""
    param = [np.zeros((2, 2))]
    grad = [np.full((2, 2), 0.5)]
    optimizer = OPTIMIZERS[name](lr=LR, momentum=MOMENTUM, beta1=BETA1, beta2=BETA2)
    optimizer.step(param, grad)
    first = param[0].copy()
    optimizer.step(param, grad)
    assert not np.allclose(param[0] - first, first)


def test_adam_first_step_is_lr_times_the_gradient_sign():
    # With t = 1 the bias corrections give m_hat = g and v_hat = g^2, so the step is lr * g / |g|.
    param = [np.zeros((1, 3))]
    optimizer = OPTIMIZERS["adam"](lr=0.01)
    optimizer.step(param, [np.array([[3.0, -1e-3, 250.0]])])
    np.testing.assert_allclose(param[0], [[-0.01, 0.01, -0.01]], rtol=1e-4)
