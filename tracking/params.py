"""A TrainConfig as MLflow parameters, and back, exactly.

Every config field is one parameter under its field name, so the UI's compare view
lines runs up field by field and `params_to_config(config_to_params(c)) == c`.
Floats are written with `repr`, the shortest text that reads back as the same
float (0.1 stays "0.1", 0.30000000000000004 keeps all its digits).
"""

from __future__ import annotations

import dataclasses

from backprop.config import TrainConfig

# How a None is spelled, per optional field: the words the CLI accepts for it.
NONE_WORDS = {"batch_size": "full", "target_accuracy": "off"}


def _float_text(value) -> str:
    return repr(float(value))


def _hidden_text(value) -> str:
    return ",".join(str(size) for size in value)


def _hidden_value(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(","))


# The annotation of a field (a string, the module uses postponed annotations) -> (to text, from text).
_CODECS = {
    "str": (str, str),
    "int": (str, int),
    "float": (_float_text, float),
    "tuple[int, ...]": (_hidden_text, _hidden_value),
}


def _codec(field: dataclasses.Field):
    kind = str(field.type).replace("| None", "").strip()
    return _CODECS[kind]


def _is_optional(field: dataclasses.Field) -> bool:
    return "None" in str(field.type)


def config_to_params(config: TrainConfig) -> dict[str, str]:
    """{field name: text} for every field of `config`."""
    params = {}
    for field in dataclasses.fields(TrainConfig):
        value = getattr(config, field.name)
        if value is None:
            params[field.name] = NONE_WORDS.get(field.name, "none")
        else:
            params[field.name] = _codec(field)[0](value)
    return params


def params_to_config(params: dict[str, str]) -> TrainConfig:
    """The TrainConfig `config_to_params` wrote. Other keys are ignored; a field missing
    from `params` (a run logged before the field existed) takes its default."""
    values = {}
    for field in dataclasses.fields(TrainConfig):
        if field.name not in params:
            continue
        text = params[field.name]
        if _is_optional(field) and text == NONE_WORDS.get(field.name, "none"):
            values[field.name] = None
        else:
            values[field.name] = _codec(field)[1](text)
    return TrainConfig(**values)
