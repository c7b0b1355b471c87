"""Epochs until 100% training accuracy, per seed, for a few learning rates.

Each run is `bp train` with the defaults (the seed report's 2-100-100-1 sigmoid
network, MSE, full-batch gradient descent) but the dataset, learning rate, epoch
limit and seed given here. A `-` marks a run that did not reach the target.

Usage: python bench/epochs_to_target.py [--dataset xor linear] [--lr 0.1 0.01]
                                        [--seeds 10] [--epochs 10000]
"""

from __future__ import annotations

import argparse

from threadpoolctl import threadpool_limits

from backprop.config import TrainConfig
from backprop.training import DivergenceError, train


def epochs_to_target(config: TrainConfig) -> int | None:
    try:
        return train(config).history.target_epoch
    except DivergenceError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", nargs="+", default=["xor", "linear"])
    parser.add_argument("--lr", nargs="+", type=float, default=[0.1, 0.01])
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0 .. N-1")
    parser.add_argument("--epochs", type=int, default=10_000, help="the epoch limit")
    args = parser.parse_args()
    threadpool_limits(1, user_api="blas")  # 100x100 products gain nothing from threads

    print(f"epochs to 100% training accuracy (limit {args.epochs}), seeds 0-{args.seeds - 1}")
    for dataset in args.dataset:
        for lr in args.lr:
            reached = [
                epochs_to_target(TrainConfig(dataset=dataset, lr=lr, epochs=args.epochs, seed=seed))
                for seed in range(args.seeds)
            ]
            hits = [e for e in reached if e is not None]
            cells = " ".join(f"{e:>5}" if e is not None else "    -" for e in reached)
            summary = f"{len(hits)}/{len(reached)} reached" + (f", max {max(hits)}" if hits else "")
            print(f"{dataset:>7} lr {lr:<6g} {cells}   {summary}", flush=True)


if __name__ == "__main__":
    main()
