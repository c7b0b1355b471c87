"""The grid a sweep trains, and the sweep spec it keeps in its parent run."""

from __future__ import annotations

import pytest

from backprop.config import ConfigError, TrainConfig
from backprop.grid import combinations, grid_configs, unique
from tracking.sweep import SweepSpec


def test_combinations_follow_the_config_field_order_last_field_fastest():
    # Given in another order: the config's order (hidden before lr before seed) decides.
    grid = {"seed": [0, 1], "lr": [0.1, 0.01], "hidden": [(5, 5)]}
    assert combinations(grid) == [
        {"hidden": (5, 5), "lr": 0.1, "seed": 0},
        {"hidden": (5, 5), "lr": 0.1, "seed": 1},
        {"hidden": (5, 5), "lr": 0.01, "seed": 0},
        {"hidden": (5, 5), "lr": 0.01, "seed": 1},
    ]


def test_the_issue_example_has_54_configurations():
    grid = {"dataset": ["xor"], "lr": [0.1, 0.01, 0.001], "hidden": [(5, 5), (10, 10), (20, 20)],
            "activation": ["sigmoid", "relu"], "seed": [0, 1, 2]}  # fmt: skip
    configs = grid_configs(grid)
    assert len(configs) == len(set(configs)) == 54
    assert all(c.dataset == "xor" and c.epochs == TrainConfig().epochs for c in configs)


def test_an_empty_grid_is_the_base_alone_and_repeats_train_once():
    base = TrainConfig(lr=0.5)
    assert grid_configs({}, base) == [base]
    assert unique(grid_configs({"lr": [0.1, 0.1, 0.2]})) == [TrainConfig(lr=0.1), TrainConfig(lr=0.2)]


def test_bad_grids_name_their_field():
    with pytest.raises(ConfigError) as caught:
        grid_configs({"lr": [0.1, -1.0]})
    assert caught.value.field == "lr"
    with pytest.raises(ConfigError) as caught:
        combinations({"learning_rate": [0.1]})
    assert caught.value.field == "learning_rate"


def test_the_spec_survives_its_json_exactly():
    grid = {"hidden": [(5, 5), (10,)], "lr": [0.1, 0.30000000000000004], "target_accuracy": [None, 0.9]}
    base = TrainConfig(dataset="linear", epochs=50)
    spec = SweepSpec("lr study", tuple(grid_configs(grid, base)), grid, base)
    again = SweepSpec.from_json(spec.to_json())
    assert again == spec
    assert spec.describe() == "hidden: 5,5, 10 | lr: 0.1, 0.3 | target_accuracy: off, 0.9"
