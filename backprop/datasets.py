"""2-D binary datasets: the lab's `linear` and `xor`, playground-style extras, and CSV files.

Every dataset returns `X` of shape (n, 2) and labels `y` of shape (n, 1), float64,
with labels 0.0 or 1.0. Random ones draw only from the generator they are given
(an int seed or a `np.random.Generator`), never from NumPy's global state.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable

import numpy as np

Dataset = tuple[np.ndarray, np.ndarray]  # X (n, 2), y (n, 1)
Seed = int | np.random.Generator


class DatasetError(ValueError):
    """A dataset that cannot be loaded (a missing or malformed CSV file)."""


def _pack(points, labels) -> Dataset:
    X = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    y = np.asarray(labels, dtype=np.float64).reshape(-1, 1)
    return X, y


def linear(n: int = 100, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """The lab's `generate_linear`: n points uniform in [0, 1]^2, label 0 where x1 > x2, else 1.

    `noise` is accepted for a uniform signature and ignored: the lab's set is noiseless.
    """
    X = np.random.default_rng(seed).uniform(0.0, 1.0, (n, 2))  # (n, 2)
    return _pack(X, np.where(X[:, 0] > X[:, 1], 0.0, 1.0))


def xor(n: int = 21, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """The lab's `generate_XOR_easy`: 21 fixed points, 11 of class 0 and 10 of class 1.

    For i = 0..10: (0.1*i, 0.1*i) labelled 0, then, unless 0.1*i == 0.5,
    (0.1*i, 1 - 0.1*i) labelled 1. The float expressions are the lab's own, so
    0.1*3 stays 0.30000000000000004. `n`, `noise` and `seed` are ignored.
    """
    points, labels = [], []
    for i in range(11):
        points.append([0.1 * i, 0.1 * i])
        labels.append(0)
        if 0.1 * i == 0.5:
            continue
        points.append([0.1 * i, 1 - 0.1 * i])
        labels.append(1)
    return _pack(points, labels)


def circle(n: int = 100, noise: float = 0.1, seed: Seed = 0) -> Dataset:
    """A disc of class 1 (radius < 0.5) inside a ring of class 0 (0.7 to 1.0), centred at 0.

    Gaussian noise of standard deviation `noise` is added to the coordinates.
    """
    rng = np.random.default_rng(seed)
    inner = n // 2
    radius = np.concatenate([rng.uniform(0.0, 0.5, inner), rng.uniform(0.7, 1.0, n - inner)])
    angle = rng.uniform(0.0, 2 * np.pi, n)
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)  # (n, 2)
    labels = np.concatenate([np.ones(inner), np.zeros(n - inner)])
    return _pack(X + rng.normal(0.0, noise, X.shape), labels)


def spiral(n: int = 100, noise: float = 0.1, seed: Seed = 0) -> Dataset:
    """Two interleaved spirals of 1.75 turns, one per class, within the unit disc."""
    rng = np.random.default_rng(seed)
    half = n // 2
    t = np.concatenate([np.linspace(0.0, 1.0, half), np.linspace(0.0, 1.0, n - half)])
    labels = np.concatenate([np.zeros(half), np.ones(n - half)])
    angle = 1.75 * 2 * np.pi * t + np.pi * labels  # the second spiral is the first turned by pi
    X = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)  # (n, 2)
    return _pack(X + rng.normal(0.0, noise, X.shape), labels)


def gauss(n: int = 100, noise: float = 0.1, seed: Seed = 0) -> Dataset:
    """Two Gaussian blobs (std 0.25 + noise) centred at (-0.5, -0.5), class 0, and (0.5, 0.5), class 1."""
    rng = np.random.default_rng(seed)
    half = n // 2
    labels = np.concatenate([np.zeros(half), np.ones(n - half)])
    centres = np.where(labels[:, None] == 1, 0.5, -0.5)  # (n, 1) broadcast to both coordinates
    return _pack(centres + rng.normal(0.0, 0.25 + noise, (n, 2)), labels)


DATASETS: dict[str, Callable[..., Dataset]] = {
    "linear": linear,
    "xor": xor,
    "circle": circle,
    "spiral": spiral,
    "gauss": gauss,
}


def load_csv(path: str | Path) -> Dataset:
    """Read `x1,x2,label` rows (an optional header line of those names is skipped).

    Raises DatasetError naming the file and line for anything else: a missing file,
    a row without exactly three columns, a non-numeric value, a label other than 0/1.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"no such CSV file: {path}")
    points, labels = [], []
    # utf-8-sig drops the byte-order mark spreadsheet programs write before the header.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for line_no, row in enumerate(csv.reader(handle), start=1):
            if not row or all(not cell.strip() for cell in row):
                continue
            if line_no == 1 and [c.strip().lower() for c in row] == ["x1", "x2", "label"]:
                continue
            if len(row) != 3:
                raise DatasetError(f"{path}, line {line_no}: expected 3 columns x1,x2,label, found {len(row)}")
            try:
                x1, x2, label = (float(cell) for cell in row)
            except ValueError:
                raise DatasetError(f"{path}, line {line_no}: non-numeric value in {','.join(row)!r}") from None
            if not (np.isfinite(x1) and np.isfinite(x2)):
                raise DatasetError(f"{path}, line {line_no}: coordinates must be finite numbers")
            if label not in (0.0, 1.0):
                raise DatasetError(f"{path}, line {line_no}: label must be 0 or 1, got {row[2].strip()}")
            points.append([x1, x2])
            labels.append(label)
    if len(points) < 2:
        raise DatasetError(f"{path}: needs at least 2 rows of x1,x2,label, found {len(points)}")
    return _pack(points, labels)


def make_dataset(name: str, n: int = 100, noise: float = 0.1, seed: Seed = 0) -> Dataset:
    """A dataset by the name the CLI takes: a key of DATASETS, or a path to a .csv file."""
    if name in DATASETS:
        return DATASETS[name](n=n, noise=noise, seed=seed)
    if name.endswith(".csv"):
        return load_csv(name)
    raise DatasetError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}, or a path to a .csv file")
