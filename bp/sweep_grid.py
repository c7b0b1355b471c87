"""From `bp sweep`'s repeated options to the list of configurations it trains."""

from __future__ import annotations

from typing import Any

from backprop.config import TrainConfig
from backprop.differences import format_value
from backprop.grid import combinations, unique
from bp.errors import BadOption
from bp.options import FLAGS, make_config, parse_value
from bp.run import load_points


def grid_from_settings(settings: dict[str, list | None], seeds: int | None) -> dict[str, list[Any]]:
    """{field: [values]} of the options given (each value parsed as `bp train` parses it);
    `--seeds K` gives seeds 0..K-1."""
    grid = {field: list(dict.fromkeys(parse_value(field, v) for v in values)) for field, values in settings.items() if values}
    if seeds is not None:
        if "seed" in grid:
            raise BadOption("--seeds", "give either --seeds K (seeds 0 to K-1) or --seed repeated, not both")
        grid["seed"] = list(range(seeds))
    return grid


def grid_configs(grid: dict[str, list[Any]]) -> list[TrainConfig]:
    """Every configuration of the grid, each checked as `bp train` checks it, before anything runs:
    a bad value is one line naming its option."""
    configs = unique([make_config(changes) for changes in combinations(grid)])
    for dataset in dict.fromkeys(c.dataset for c in configs):  # a CSV file that is missing or malformed
        load_points(next(c for c in configs if c.dataset == dataset))
    return configs


def check_resume_options(
    grid: dict[str, list[Any]], stored_grid: dict[str, list], base: TrainConfig, parent_id: str, seeds_given: bool
) -> None:
    """With --resume, every option given must say what the sweep was started with."""
    for field, values in grid.items():
        stored = stored_grid.get(field, [getattr(base, field)])
        if set(values) != set(stored):
            flag = "--seeds" if field == "seed" and seeds_given else FLAGS[field]
            shown = ", ".join(format_value(v) for v in stored)
            raise BadOption(flag, f"sweep {parent_id} was started with {field} {shown}; leave the option out to resume it as it was")


def sweep_name(grid: dict[str, list[Any]], configs: list[TrainConfig]) -> str:
    """`sweep xor: lr x hidden x seed`: the dataset(s) and what varies."""
    varied = [field for field, values in grid.items() if len(values) > 1]
    datasets = ", ".join(dict.fromkeys(c.dataset for c in configs))
    return f"sweep {datasets}: " + (" x ".join(varied) if varied else "one configuration")
