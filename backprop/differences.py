"""Name runs by what sets them apart: `lr=0.1`, `lr=0.01`, ... for a learning-rate study."""

from __future__ import annotations

from typing import Sequence

from backprop.config import TrainConfig, field_names

# How a field reads in a label, when its own name is long or unclear.
SHORT = {"hidden": "hidden", "target_accuracy": "target", "batch_size": "batch", "test_split": "test"}


def format_value(value) -> str:
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    if isinstance(value, float):
        return f"{value:g}"
    return "off" if value is None else str(value)


def differing_fields(configs: Sequence[TrainConfig]) -> list[str]:
    """The config fields whose values are not all the same, in the config's field order."""
    return [f for f in field_names() if len({getattr(c, f) for c in configs}) > 1]


def label(config: TrainConfig, fields: Sequence[str]) -> str:
    """`lr=0.01 seed=2` for fields ["lr", "seed"]; the run's own label when nothing differs."""
    if not fields:
        return config.label
    return " ".join(f"{SHORT.get(f, f)}={format_value(getattr(config, f))}" for f in fields)


def labels(configs: Sequence[TrainConfig]) -> list[str]:
    """One label per config, naming only what differs between them."""
    fields = differing_fields(configs)
    return [label(c, fields) for c in configs]
