"""One command-line option per field of `TrainConfig`, shared by every command that trains.

`config_options()` adds the options to a command's signature; the command receives
them as `settings` (field -> value, None where not given) and `build_config()`
turns them into a TrainConfig, reporting a bad value as one line naming its option.
With `multiple=True` (for sweeps) each option may be repeated and gives a list.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from dataclasses import dataclass
from typing import Annotated, Any, Callable, Optional

import typer

from backprop.activations import ACTIVATIONS
from backprop.config import ConfigError, TrainConfig
from backprop.datasets import DATASETS
from backprop.initializers import INITIALIZERS
from backprop.losses import LOSSES
from backprop.optimizers import OPTIMIZERS
from bp.errors import BadOption

PANEL = "Training configuration"


def _parse_hidden(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        sizes = ()
    if not sizes or any(size < 1 for size in sizes):
        raise BadOption("--hidden", f"hidden sizes must be positive integers separated by commas, such as 100,100; got {text!r}")
    return sizes


def _parse_target(text: str) -> float | None:
    if text.lower() in ("off", "none"):
        return None
    try:
        return float(text)
    except ValueError:
        raise BadOption("--target-accuracy", f"give a fraction in (0, 1], such as 0.95, or 'off'; got {text!r}") from None


def _parse_batch(text: str) -> int | None:
    if text.lower() == "full":
        return None
    try:
        return int(text)
    except ValueError:
        raise BadOption("--batch-size", f"give a positive integer or 'full'; got {text!r}") from None


@dataclass(frozen=True)
class ConfigOption:
    field: str
    type: type
    help: str
    parse: Callable[[Any], Any] | None = None  # text -> config value, for options typed as str

    @property
    def flag(self) -> str:
        return "--" + self.field.replace("_", "-")


def _choices(registry) -> str:
    return ", ".join(registry)


OPTIONS = [
    ConfigOption("dataset", str, f"{_choices(DATASETS)}, or a path to an x1,x2,label CSV file."),
    ConfigOption("n", int, "Number of points drawn for linear, circle, spiral and gauss."),
    ConfigOption("noise", float, "Standard deviation of the jitter added to circle, spiral and gauss."),
    ConfigOption("test_split", float, "Fraction of the points held out for testing (0: test on the training points, as the lab does)."),
    ConfigOption("hidden", str, "Hidden layer sizes, comma-separated.", _parse_hidden),
    ConfigOption("activation", str, f"Hidden-layer activation: {_choices(ACTIVATIONS)}."),
    ConfigOption("init", str, f"Weight initialisation: {_choices(INITIALIZERS)}."),
    ConfigOption("loss", str, f"Loss: {_choices(LOSSES)}."),
    ConfigOption("l2", float, "L2 penalty on the weights."),
    ConfigOption("optimizer", str, f"Optimizer: {_choices(OPTIMIZERS)}."),
    ConfigOption("lr", float, "Learning rate (a step on the gradient summed over the batch)."),
    ConfigOption("momentum", float, "Momentum coefficient (optimizer momentum)."),
    ConfigOption("beta1", float, "Adam's first-moment decay."),
    ConfigOption("beta2", float, "Adam's second-moment decay."),
    ConfigOption("epochs", int, "Epoch limit."),
    ConfigOption("batch_size", str, "Mini-batch size, or 'full' for full-batch gradient descent.", _parse_batch),
    ConfigOption("target_accuracy", str, "Stop once training accuracy reaches this fraction; 'off' to run every epoch.", _parse_target),
    ConfigOption("seed", int, "Seed of every random draw (data, weights, split, shuffling)."),
]
FLAGS = {option.field: option.flag for option in OPTIONS}
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(TrainConfig)}
_DEFAULTS["batch_size"] = "full"  # how the CLI spells None here


def _parameter(option: ConfigOption, multiple: bool) -> inspect.Parameter:
    annotation = list[option.type] if multiple else option.type
    default = _DEFAULTS[option.field]
    shown = ",".join(map(str, default)) if isinstance(default, tuple) else ("off" if default is None else str(default))
    # The default is written into the help (escaped from rich markup), as click's own would
    # show "(xor)": these options default to None so a command knows which were given.
    info = typer.Option(option.flag, help=f"{option.help} \\[default: {shown}]", show_default=False, rich_help_panel=PANEL)
    return inspect.Parameter(
        option.field, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[Optional[annotation], info]
    )


def config_options(multiple: bool = False):
    """Decorator: give a command one option per config field, passed to it as `settings`."""

    def decorate(command):
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "settings"]
        added = [_parameter(option, multiple) for option in OPTIONS]

        @functools.wraps(command)
        def wrapper(*args, **kwargs):
            settings = {option.field: kwargs.pop(option.field, None) for option in OPTIONS}
            return command(*args, settings=settings, **kwargs)

        wrapper.__signature__ = signature.replace(parameters=own + added)
        return wrapper

    return decorate


def parse_value(field: str, value):
    option = next(o for o in OPTIONS if o.field == field)
    return option.parse(value) if option.parse and isinstance(value, str) else value


def build_config(settings: dict[str, Any], base: TrainConfig | None = None) -> TrainConfig:
    """A TrainConfig from `base` (default: TrainConfig()) and the options given."""
    changes = {field: parse_value(field, value) for field, value in settings.items() if value is not None}
    return make_config(changes, base)


def make_config(changes: dict[str, Any], base: TrainConfig | None = None) -> TrainConfig:
    """Apply `changes` to `base`; a ConfigError becomes one line naming the option."""
    try:
        return dataclasses.replace(base or TrainConfig(), **changes)
    except ConfigError as error:
        raise BadOption(FLAGS.get(error.field, error.field), str(error)) from None
