"""A config's MLflow parameters rebuild exactly that config."""

import dataclasses

import pytest

from backprop.config import TrainConfig, field_names
from tracking.params import config_to_params, params_to_config

CONFIGS = [
    TrainConfig(),
    TrainConfig(lr=0.1, seed=7),
    TrainConfig(lr=1e-3, hidden=(5,), activation="relu", init="xavier"),
    TrainConfig(lr=0.30000000000000004, momentum=0.1 + 0.2, beta2=0.9990000000000001, optimizer="adam"),
    TrainConfig(dataset="linear", n=37, noise=1e-300, test_split=0.25, l2=5e-324, batch_size=8),
    TrainConfig(target_accuracy=None, batch_size=None, epochs=1, hidden=(3, 1, 4)),
    TrainConfig(target_accuracy=0.95, lr=2.5e-7, seed=123456789),
    TrainConfig(dataset="data/points.csv"),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.label)
def test_params_rebuild_the_config_exactly(config):
    params = config_to_params(config)
    assert set(params) == set(field_names())  # every field, under its own name
    assert all(isinstance(value, str) for value in params.values())
    rebuilt = params_to_config(params)
    assert rebuilt == config
    for field in dataclasses.fields(TrainConfig):  # same values, bit for bit (== alone would let 1 == 1.0 pass)
        assert repr(getattr(rebuilt, field.name)) == repr(getattr(config, field.name))


def test_how_values_are_spelled():
    params = config_to_params(TrainConfig(hidden=(100, 100), batch_size=None, target_accuracy=None, lr=0.1))
    assert params["hidden"] == "100,100"
    assert params["batch_size"] == "full"
    assert params["target_accuracy"] == "off"
    assert params["lr"] == "0.1"
    assert config_to_params(TrainConfig(lr=0.1 + 0.2))["lr"] == "0.30000000000000004"


def test_missing_fields_take_defaults_and_unknown_keys_are_ignored():
    params = config_to_params(TrainConfig(lr=0.5))
    del params["beta2"]
    params["something_else"] = "x"
    assert params_to_config(params) == TrainConfig(lr=0.5)
