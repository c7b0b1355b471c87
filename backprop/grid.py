"""A grid of configurations: every combination of the values given per field.

    grid_configs({"lr": [0.1, 0.01], "seed": [0, 1, 2]}, TrainConfig(dataset="xor"))
    # 6 configs: lr 0.1 with seeds 0, 1, 2, then lr 0.01 with seeds 0, 1, 2

Fields combine in the config's field order (whatever order the grid names them in),
the last field varying fastest, so the same grid always gives the same list.
"""

from __future__ import annotations

import itertools
from typing import Any, Mapping, Sequence

from backprop.config import ConfigError, TrainConfig, field_names


def ordered(grid: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """The grid with its fields in the config's field order; unknown fields are an error."""
    unknown = sorted(set(grid) - set(field_names()))
    if unknown:
        raise ConfigError(unknown[0], f"no config field named {unknown[0]!r}")
    return {field: list(grid[field]) for field in field_names() if field in grid}


def combinations(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """One {field: value} per point of the grid; [{}] for an empty grid (the base alone)."""
    fields = ordered(grid)
    for field, values in fields.items():
        if not values:
            raise ConfigError(field, f"no values given for {field}")
    return [dict(zip(fields, values)) for values in itertools.product(*fields.values())]


def grid_configs(grid: Mapping[str, Sequence[Any]], base: TrainConfig | None = None) -> list[TrainConfig]:
    """Every config of the grid, each `base` with one combination applied (and validated)."""
    base = base or TrainConfig()
    return [base.replace(**changes) for changes in combinations(grid)]


def unique(configs: Sequence[TrainConfig]) -> list[TrainConfig]:
    """`configs` without repeats, in order (a grid such as --lr 0.1 --lr 0.1 trains it once)."""
    return list(dict.fromkeys(configs))
