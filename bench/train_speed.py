"""Per-epoch training time of bp against a bare NumPy loop, PyTorch eager and scikit-learn.

The network is the seed report's: 2-100-100-1, sigmoid, MSE, full-batch gradient
descent, on `linear` with n = 100, a fixed number of epochs (no early stop). Each
contender trains for --epochs epochs per repetition; repetitions are interleaved
(bp, floor, torch, sklearn, bp, floor, ...) so that a noisy neighbour slows them all
alike, and the medians are compared:

- floor: the same operations written inline in one loop (forward, loss value,
  accuracy, backward, SGD step), the least any NumPy trainer can do per epoch;
- torch: an nn.Sequential in eager mode on the CPU, float64, one thread
  (optional: `pip install torch`; skipped when it is not installed);
- sklearn: MLPClassifier.partial_fit + score, the same layer sizes and activation
  (the `bench` extra; skipped when not installed). It minimises a mean log-loss, so
  only its time is comparable, not its trajectory.

Usage: python bench/train_speed.py [--epochs 300] [--repeats 7] [--blas-threads 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

from backprop.activations import sigmoid
from backprop.config import TrainConfig
from backprop.data import prepare_data
from backprop.training import build_model, train

GOAL_FLOOR, GOAL_TORCH = 1.3, 4.0  # bp within 1.3x of the floor, at least 4x faster than torch


def seed_config(epochs: int) -> TrainConfig:
    return TrainConfig(dataset="linear", n=100, hidden=(100, 100), activation="sigmoid", loss="mse",
                       optimizer="sgd", lr=0.01, epochs=epochs, target_accuracy=None, seed=0)


def run_bp(config: TrainConfig) -> dict[str, np.ndarray]:
    return train(config).model.state()


def run_floor(config: TrainConfig) -> dict[str, np.ndarray]:
    """bp's arithmetic, operation for operation, with nothing around it."""
    data = prepare_data(config)
    X, y = data.X_train, data.y_train  # (n, 2), (n, 1)
    W1, b1, W2, b2, W3, b3 = build_model(config).parameters()
    lr = config.lr
    for _ in range(config.epochs):
        a1 = sigmoid(X @ W1 + b1)  # (n, 100)
        a2 = sigmoid(a1 @ W2 + b2)  # (n, 100)
        p = sigmoid(a2 @ W3 + b3)  # (n, 1)
        float(np.mean((p - y) ** 2))  # the loss reported
        float(np.mean((p > 0.5) == (y > 0.5)))  # the accuracy reported
        d3 = (p - y) * p * (1.0 - p)  # (n, 1)
        dW3, db3 = a2.T @ d3, d3.sum(axis=0, keepdims=True)
        d2 = (d3 @ W3.T) * (a2 * (1.0 - a2))  # (n, 100)
        dW2, db2 = a1.T @ d2, d2.sum(axis=0, keepdims=True)
        d1 = (d2 @ W2.T) * (a1 * (1.0 - a1))  # (n, 100)
        dW1, db1 = X.T @ d1, d1.sum(axis=0, keepdims=True)
        for param, grad in ((W1, dW1), (b1, db1), (W2, dW2), (b2, db2), (W3, dW3), (b3, db3)):
            param -= lr * grad
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def torch_runner():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)

    def run_torch(config: TrainConfig):
        data = prepare_data(config)
        X, y = torch.from_numpy(data.X_train), torch.from_numpy(data.y_train)
        sizes = (2, *config.hidden, 1)
        layers = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            layers += [torch.nn.Linear(fan_in, fan_out, dtype=torch.float64), torch.nn.Sigmoid()]
        net = torch.nn.Sequential(*layers)
        with torch.no_grad():  # bp's initial weights, as (fan_out, fan_in)
            params = build_model(config).parameters()
            for linear, W, b in zip(net[0::2], params[0::2], params[1::2]):
                linear.weight.copy_(torch.from_numpy(W.T))
                linear.bias.copy_(torch.from_numpy(b[0]))
        optimizer = torch.optim.SGD(net.parameters(), lr=config.lr)
        for _ in range(config.epochs):
            optimizer.zero_grad()
            p = net(X)
            objective = 0.5 * ((p - y) ** 2).sum()
            ((p - y) ** 2).mean().item()
            ((p > 0.5) == (y > 0.5)).double().mean().item()
            objective.backward()
            optimizer.step()
        return {f"W{l}": linear.weight.detach().numpy().T for l, linear in enumerate(net[0::2], start=1)}

    return run_torch


def sklearn_runner():
    try:
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        return None

    def run_sklearn(config: TrainConfig):
        data = prepare_data(config)
        X, y = data.X_train, data.y_train[:, 0]
        model = MLPClassifier(hidden_layer_sizes=config.hidden, activation="logistic", solver="sgd",
                              learning_rate_init=config.lr, momentum=0.0, alpha=0.0, batch_size=len(X),
                              shuffle=False, random_state=config.seed)
        for _ in range(config.epochs):
            model.partial_fit(X, y, classes=[0.0, 1.0])
            model.score(X, y)
        return None

    return run_sklearn


def blas_lines() -> list[str]:
    """One line per BLAS library loaded (numpy's, and scipy's or torch's when imported)."""
    from threadpoolctl import threadpool_info

    lines = [
        f"  {os.path.basename(os.path.dirname(info['filepath']))}: {info.get('internal_api')} "
        f"{info.get('version')} ({info.get('architecture', '?')}), {info.get('num_threads')} threads"
        for info in threadpool_info()
        if info.get("user_api") == "blas"
    ]
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    lines.append(f"  OPENBLAS_CORETYPE={coretype}" if coretype else "  OPENBLAS_CORETYPE not set")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=300, help="epochs per timed run")
    parser.add_argument("--repeats", type=int, default=7, help="interleaved repetitions; medians are reported")
    parser.add_argument("--blas-threads", type=int, default=1, help="NumPy's BLAS threads (0: leave as is); torch uses 1")
    args = parser.parse_args()

    from threadpoolctl import threadpool_limits

    config = seed_config(args.epochs)
    contenders = {"bp": run_bp, "floor": run_floor, "torch": torch_runner(), "sklearn": sklearn_runner()}
    contenders = {name: run for name, run in contenders.items() if run is not None}
    if args.blas_threads:  # after the imports above, so that every BLAS they loaded is limited too
        threadpool_limits(args.blas_threads, user_api="blas")

    print(f"numpy {np.__version__}, BLAS libraries (threadpoolctl):")
    print("\n".join(blas_lines()))
    libraries = [sys.modules.get(name) for name in ("torch", "sklearn")]
    print("also: " + (", ".join(f"{m.__name__} {m.__version__}" for m in libraries if m) or "neither torch nor sklearn"))
    print(f"2-100-100-1 sigmoid MSE full-batch SGD, linear n=100, {args.epochs} epochs x {args.repeats} repeats")
    # bp and the floor do the same arithmetic in the same order: their weights must agree exactly.
    bp_state, floor_state = run_bp(config), run_floor(config)
    identical = all(np.array_equal(bp_state[k], floor_state[k]) for k in bp_state)
    print(f"bp and floor weights bit-identical: {identical}")
    if "torch" in contenders:  # same maths in another library: equal up to rounding
        torch_state = contenders["torch"](config)
        worst = max(float(np.abs(torch_state[k] - bp_state[k]).max()) for k in torch_state)
        print(f"torch weights differ from bp's by at most {worst:.1e}")

    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(args.repeats):
        for name, run in contenders.items():
            start = time.perf_counter()
            run(config)
            times[name].append((time.perf_counter() - start) / args.epochs * 1e3)
    ms = {name: statistics.median(values) for name, values in times.items()}

    for name, value in ms.items():
        spread = f"{min(times[name]):.3f} to {max(times[name]):.3f}"
        print(f"{name:>8}: {value:7.3f} ms/epoch (median; {spread})")
    print(f"bp / floor   = {ms['bp'] / ms['floor']:.2f}  (goal <= {GOAL_FLOOR})")
    if "torch" in ms:
        print(f"torch / bp   = {ms['torch'] / ms['bp']:.2f}  (goal >= {GOAL_TORCH})")
    if "sklearn" in ms:
        print(f"sklearn / bp = {ms['sklearn'] / ms['bp']:.2f}")


if __name__ == "__main__":
    main()
