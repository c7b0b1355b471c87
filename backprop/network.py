"""The multilayer perceptron: linear layers, one hidden activation, a sigmoid output unit.

Parameters are plain NumPy arrays a test can read and set: `weights[l]` has shape
(fan_in, fan_out) and `biases[l]` shape (1, fan_out), for l = 0 .. len(hidden).
`parameters()` lists them as [W1, b1, W2, b2, ...]; `backward()` returns the
gradients in the same order, which is all an optimizer needs to know.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from backprop.activations import ACTIVATIONS, sigmoid
from backprop.initializers import INITIALIZERS


class MLP:
    def __init__(
        self,
        hidden: Sequence[int] = (100, 100),
        activation: str = "sigmoid",
        init: str = "normal",
        rng: int | np.random.Generator = 0,
        n_inputs: int = 2,
    ):
        self.sizes = (n_inputs, *hidden, 1)  # e.g. (2, 100, 100, 1)
        self.activation = ACTIVATIONS[activation]
        rng = np.random.default_rng(rng)
        draw = INITIALIZERS[init]
        self.weights = [draw(fan_in, fan_out, rng) for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:])]
        self.biases = [np.zeros((1, fan_out)) for fan_out in self.sizes[1:]]
        self._inputs: list[np.ndarray] = []  # each layer's input, kept by forward() for backward()
        self._pre: list[np.ndarray] = []  # each layer's pre-activation z

    def parameters(self) -> list[np.ndarray]:
        """[W1, b1, W2, b2, ...]: the arrays themselves, so in-place updates train the network."""
        return [p for pair in zip(self.weights, self.biases) for p in pair]

    def forward(self, X: np.ndarray, keep: bool = True) -> np.ndarray:
        """X (n, 2) -> p (n, 1), the probability of class 1.

        With `keep`, remembers each layer's input and pre-activation for backward().
        """
        inputs, pre = [], []
        a = X
        last = len(self.weights) - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            inputs.append(a)
            z = a @ W + b  # (n, fan_out)
            pre.append(z)
            a = sigmoid(z) if l == last else self.activation.forward(z)
        if keep:
            self._inputs, self._pre = inputs, pre
        return a

    def backward(self, delta: np.ndarray) -> list[np.ndarray]:
        """delta (n, 1) = d objective / dz at the output -> [dW1, db1, dW2, db2, ...].

        Must follow the forward() whose output the delta was computed from.
        """
        grads: list[np.ndarray] = []
        for l in range(len(self.weights) - 1, -1, -1):
            dW = self._inputs[l].T @ delta  # (fan_in, n) @ (n, fan_out)
            db = delta.sum(axis=0, keepdims=True)  # (1, fan_out)
            grads[:0] = [dW, db]
            if l > 0:
                dA = delta @ self.weights[l].T  # (n, fan_in): gradient at the previous layer's output
                delta = dA * self.activation.derivative(self._pre[l - 1], self._inputs[l])
        return grads

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """X (n, 2) -> p (n, 1)."""
        return self.forward(X, keep=False)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """X (n, 2) -> labels (n, 1) in {0.0, 1.0}, thresholded at 0.5."""
        return (self.forward(X, keep=False) > 0.5).astype(np.float64)

    def state(self) -> dict[str, np.ndarray]:
        """{"W1": ..., "b1": ..., ...}, numbered from 1 as in the seed report; copies."""
        arrays = {}
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            arrays[f"W{l}"], arrays[f"b{l}"] = W.copy(), b.copy()
        return arrays

    def load_state(self, arrays: dict[str, np.ndarray]) -> "MLP":
        """Set every parameter from `state()`-style arrays; shapes must match."""
        for l in range(len(self.weights)):
            for name, params in ((f"W{l + 1}", self.weights), (f"b{l + 1}", self.biases)):
                value = np.asarray(arrays[name], dtype=np.float64)
                if value.shape != params[l].shape:
                    raise ValueError(f"{name} has shape {value.shape}, the network needs {params[l].shape}")
                params[l][...] = value
        return self
