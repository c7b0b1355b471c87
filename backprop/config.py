"""The one training configuration: every setting of a run, seed included.

`bp train` builds its options from these fields, tracking logs them as the run's
parameters, and `bp reproduce` rebuilds a `TrainConfig` from those parameters.
The defaults are the seed report's setup: 2-100-100-1, sigmoid, standard-normal
weights, MSE, plain full-batch gradient descent, stop at 100% accuracy.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path

from backprop.activations import ACTIVATIONS
from backprop.datasets import DATASETS
from backprop.initializers import INITIALIZERS
from backprop.losses import LOSSES
from backprop.optimizers import OPTIMIZERS


class ConfigError(ValueError):
    """A setting that cannot be used; `field` names the config field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class TrainConfig:
    # data
    dataset: str = "xor"  # a name in DATASETS, or a path to an x1,x2,label .csv file
    n: int = 100  # points drawn for linear/circle/spiral/gauss (xor always has 21)
    noise: float = 0.1  # label-free jitter for circle/spiral/gauss (linear and xor have none)
    test_split: float = 0.0  # fraction held out for testing; 0 = the lab's "test on the training points"
    # model
    hidden: tuple[int, ...] = (100, 100)  # sizes of the hidden layers
    activation: str = "sigmoid"  # hidden-layer activation; the output is always a sigmoid
    init: str = "normal"  # weight initialisation; biases start at zero
    # objective
    loss: str = "mse"
    l2: float = 0.0  # L2 penalty on the weights (not the biases)
    # optimisation
    optimizer: str = "sgd"
    lr: float = 0.01  # step on the gradient summed over the batch, as the seed did
    momentum: float = 0.9  # used by `momentum`
    beta1: float = 0.9  # used by `adam`
    beta2: float = 0.999  # used by `adam`
    epochs: int = 10_000  # the epoch limit
    batch_size: int | None = None  # None = full batch; otherwise shuffled mini-batches
    target_accuracy: float | None = 1.0  # stop once training accuracy reaches it; None = never
    seed: int = 0  # all randomness (data, weights, shuffling, split) flows from it

    def __post_init__(self):
        # Accept lists for `hidden` (from JSON, from a CLI) but store a tuple so the config is hashable.
        object.__setattr__(self, "hidden", tuple(self.hidden))
        validate(self)

    def replace(self, **changes) -> "TrainConfig":
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @property
    def label(self) -> str:
        """A readable name such as `xor-sigmoid-100x100-sgd-lr0.01-s0`."""
        data = Path(self.dataset).stem if self.dataset.endswith(".csv") else self.dataset
        hidden = "x".join(str(h) for h in self.hidden)
        return f"{data}-{self.activation}-{hidden}-{self.optimizer}-lr{self.lr:g}-s{self.seed}"


def field_names() -> list[str]:
    return [f.name for f in dataclasses.fields(TrainConfig)]


def _positive_finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def validate(config: TrainConfig) -> None:
    """Raise ConfigError for the first setting that cannot be used."""
    for field, registry in (
        ("activation", ACTIVATIONS),
        ("init", INITIALIZERS),
        ("loss", LOSSES),
        ("optimizer", OPTIMIZERS),
    ):
        value = getattr(config, field)
        if value not in registry:
            raise ConfigError(field, f"unknown {field} {value!r}; choose one of {', '.join(registry)}")
    if config.dataset not in DATASETS and not config.dataset.endswith(".csv"):
        raise ConfigError(
            "dataset",
            f"unknown dataset {config.dataset!r}; choose one of {', '.join(DATASETS)}, or a path to a .csv file",
        )
    if not config.hidden or any(isinstance(h, bool) or not isinstance(h, int) or h < 1 for h in config.hidden):
        raise ConfigError("hidden", f"hidden sizes must be positive integers such as 100,100; got {config.hidden}")
    for field in ("lr",):
        if not _positive_finite(getattr(config, field)):
            raise ConfigError(field, f"the learning rate must be a positive finite number; got {config.lr}")
    for field in ("momentum", "beta1", "beta2"):
        value = getattr(config, field)
        if not (isinstance(value, (int, float)) and 0 <= value < 1):
            raise ConfigError(field, f"{field} must be in [0, 1); got {value}")
    if not (isinstance(config.l2, (int, float)) and math.isfinite(config.l2) and config.l2 >= 0):
        raise ConfigError("l2", f"the L2 penalty must be a finite number >= 0; got {config.l2}")
    if not isinstance(config.epochs, int) or config.epochs < 1:
        raise ConfigError("epochs", f"epochs must be a positive integer; got {config.epochs}")
    if not isinstance(config.n, int) or config.n < 2:
        raise ConfigError("n", f"n must be an integer >= 2; got {config.n}")
    if not (isinstance(config.noise, (int, float)) and math.isfinite(config.noise) and config.noise >= 0):
        raise ConfigError("noise", f"noise must be a finite number >= 0; got {config.noise}")
    if not (isinstance(config.test_split, (int, float)) and 0 <= config.test_split < 1):
        raise ConfigError("test_split", f"the test split must be a fraction in [0, 1); got {config.test_split}")
    if config.batch_size is not None and (not isinstance(config.batch_size, int) or config.batch_size < 1):
        raise ConfigError("batch_size", f"the batch size must be a positive integer; got {config.batch_size}")
    target = config.target_accuracy
    if target is not None and not (isinstance(target, (int, float)) and 0 < target <= 1):
        raise ConfigError("target_accuracy", f"the target accuracy must be in (0, 1], or off; got {target}")
    if not isinstance(config.seed, int) or isinstance(config.seed, bool) or config.seed < 0:
        raise ConfigError("seed", f"the seed must be an integer >= 0; got {config.seed}")
