"""How the report names things: groups of runs, settings, numbers."""

from __future__ import annotations

from typing import Sequence

from backprop.config import TrainConfig, field_names
from backprop.differences import SHORT, format_value

DATASET_NAMES = {"linear": "Linear", "xor": "XOR"}


def dataset_title(config: TrainConfig) -> str:
    return DATASET_NAMES.get(config.dataset, config.dataset)


def group_title(base: TrainConfig, bases: Sequence[TrainConfig], varied: str | None = None) -> str:
    """`XOR`, or `XOR, lr 0.001` when the experiment's bases differ in more than the dataset
    (and the `varied` field, which each group spans anyway)."""
    others = [f for f in field_names() if f not in ("dataset", varied) and len({getattr(b, f) for b in bases}) > 1]
    extra = ", ".join(f"{SHORT.get(f, f)} {format_value(getattr(base, f))}" for f in others)
    return dataset_title(base) + (f", {extra}" if extra else "")


def slug(text: str) -> str:
    """A file-name-safe form: `XOR, lr 0.001` -> `xor-lr0.001`."""
    cleaned = "".join(ch.lower() if ch.isalnum() or ch == "." else "-" for ch in text.replace(", ", "-").replace(" ", ""))
    return "-".join(part for part in cleaned.split("-") if part)


def percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.2f}%"


def number(value: float | None, spec: str = ".5f") -> str:
    return "" if value is None else format(value, spec)
