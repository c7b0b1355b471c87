"""One SGD step of a 2-2-1 sigmoid network, worked out by hand.

The weights are chosen so that every pre-activation is exactly 0, hence every
sigmoid is exactly 1/2 and the arithmetic below can be checked with pencil and paper.

    x = (1, 2), y = 1, MSE (per-point objective 1/2 (p - y)^2), lr = 0.5

    W1 = [[ 0.3, -0.4],     b1 = [-0.1, 0.2]
          [-0.1,  0.1]]
    W2 = [[ 0.4],           b2 = [0.1]
          [-0.6]]

Forward
    z1 = x W1 + b1 = (0.3 - 0.2 - 0.1, -0.4 + 0.2 + 0.2) = (0, 0)
    h  = sigmoid(z1) = (0.5, 0.5)
    z2 = h W2 + b2 = 0.5 * 0.4 + 0.5 * (-0.6) + 0.1 = 0
    p  = sigmoid(z2) = 0.5

Backward
    delta2 = (p - y) * p (1 - p) = (-0.5)(0.25) = -0.125
    dW2 = h^T delta2 = [[0.5 * -0.125], [0.5 * -0.125]] = [[-0.0625], [-0.0625]]
    db2 = delta2 = -0.125
    dh  = delta2 W2^T = (-0.125 * 0.4, -0.125 * -0.6) = (-0.05, 0.075)
    delta1 = dh * h (1 - h) = (-0.05 * 0.25, 0.075 * 0.25) = (-0.0125, 0.01875)
    dW1 = x^T delta1 = [[1 * -0.0125, 1 * 0.01875],    = [[-0.0125, 0.01875],
                        [2 * -0.0125, 2 * 0.01875]]       [-0.025,  0.0375 ]]
    db1 = delta1 = (-0.0125, 0.01875)

Step: theta <- theta - 0.5 * dtheta
    W1 = [[0.3 + 0.00625, -0.4 - 0.009375],   = [[ 0.30625, -0.409375],
          [-0.1 + 0.0125,  0.1 - 0.01875 ]]      [-0.0875,   0.08125 ]]
    b1 = (-0.1 + 0.00625, 0.2 - 0.009375)     = (-0.09375, 0.190625)
    W2 = [[0.4 + 0.03125], [-0.6 + 0.03125]]  = [[0.43125], [-0.56875]]
    b2 = 0.1 + 0.0625                         = 0.1625
"""

from __future__ import annotations

import numpy as np

from backprop.losses import LOSSES
from backprop.network import MLP
from backprop.optimizers import SGD

X = np.array([[1.0, 2.0]])  # (1, 2)
Y = np.array([[1.0]])  # (1, 1)


def tiny_network() -> MLP:
    model = MLP(hidden=(2,), activation="sigmoid")
    return model.load_state(
        {
            "W1": [[0.3, -0.4], [-0.1, 0.1]],
            "b1": [[-0.1, 0.2]],
            "W2": [[0.4], [-0.6]],
            "b2": [[0.1]],
        }
    )


def close(actual, expected):
    np.testing.assert_allclose(actual, np.array(expected, dtype=np.float64), rtol=0, atol=1e-15)


def test_forward_by_hand():
    p = tiny_network().forward(X)
    close(p, [[0.5]])


def test_gradients_by_hand():
    model = tiny_network()
    delta = LOSSES["mse"].delta(model.forward(X), Y)
    close(delta, [[-0.125]])
    dW1, db1, dW2, db2 = model.backward(delta)
    close(dW2, [[-0.0625], [-0.0625]])
    close(db2, [[-0.125]])
    close(dW1, [[-0.0125, 0.01875], [-0.025, 0.0375]])
    close(db1, [[-0.0125, 0.01875]])


def test_one_sgd_step_by_hand():
    model = tiny_network()
    grads = model.backward(LOSSES["mse"].delta(model.forward(X), Y))
    SGD(lr=0.5).step(model.parameters(), grads)
    state = model.state()
    close(state["W1"], [[0.30625, -0.409375], [-0.0875, 0.08125]])
    close(state["b1"], [[-0.09375, 0.190625]])
    close(state["W2"], [[0.43125], [-0.56875]])
    close(state["b2"], [[0.1625]])
