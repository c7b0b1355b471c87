"""The losses' conventions: the reported value is a mean, training follows a sum."""

from __future__ import annotations

import numpy as np
import pytest

from backprop.activations import sigmoid
from backprop.losses import LOSSES

P = np.array([[0.9], [0.2], [0.6]])  # (3, 1)
Y = np.array([[1.0], [0.0], [0.0]])


def test_mse_reports_the_mean_of_squared_errors():
    assert LOSSES["mse"].value(P, Y) == pytest.approx((0.01 + 0.04 + 0.36) / 3)


def test_mse_objective_is_half_the_summed_squared_errors():
    # Its derivative in p is the seed's dL = prediction - y.
    assert LOSSES["mse"].objective(P, Y) == pytest.approx(0.5 * (0.01 + 0.04 + 0.36))
    np.testing.assert_allclose(LOSSES["mse"].delta(P, Y), (P - Y) * P * (1 - P))


def test_bce_value_and_objective():
    points = -np.array([np.log(0.9), np.log(0.8), np.log(0.4)])
    assert LOSSES["bce"].value(P, Y) == pytest.approx(points.mean())
    assert LOSSES["bce"].objective(P, Y) == pytest.approx(points.sum())


def test_bce_delta_stays_exact_when_the_output_saturates():
    # z = 40 gives p = 1 in float64; the cross-entropy's gradient in z is still p - y = 1 for y = 0.
    p = sigmoid(np.array([[40.0]]))
    assert p[0, 0] == 1.0
    np.testing.assert_allclose(LOSSES["bce"].delta(p, np.array([[0.0]])), [[1.0]])
    assert np.isfinite(LOSSES["bce"].value(p, np.array([[0.0]])))
