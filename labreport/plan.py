"""The seed report's experiments, as data: what `bp report` trains and draws.

Each experiment varies one config field over a few values, once per base config
(a dataset, and whatever the experiment holds fixed there); every other setting is
the lab's. A config wanted by two experiments (the lab's setup itself, in most of
them) is trained once and shown in both. A test passes a plan of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backprop.config import TrainConfig

# The lab's setup: 2-100-100-1, sigmoid, standard-normal weights, MSE, full-batch gradient
# descent at lr 0.01 on the summed gradient, at most 10,000 epochs, stop at 100%, seed 0.
LAB = TrainConfig()
LINEAR, XOR = LAB.replace(dataset="linear"), LAB.replace(dataset="xor")


@dataclass(frozen=True)
class Experiment:
    key: str  # "4A": figure file names and captions
    section: str  # the report's section heading it goes under, "4. Discussion"
    title: str  # its own heading, "A. Learning rate"
    bases: tuple[TrainConfig, ...]  # one group of figures and a table per base
    field: str | None = None  # the field varied; None: each base alone (section 3)
    values: tuple[Any, ...] = ()
    kind: str = "compare"  # how it is drawn: "results" (section 3) or "compare"
    conclude: str = "fastest"  # which measured conclusion it ends with (labreport.conclusions)
    note: str = ""  # what the reader should know about the setup, one or two sentences

    def group(self, base: TrainConfig) -> list[TrainConfig]:
        """The configs of one base: one per value (the base alone without a field)."""
        if self.field is None:
            return [base]
        return [base.replace(**{self.field: value}) for value in self.values]

    def configs(self) -> list[TrainConfig]:
        return [config for base in self.bases for config in self.group(base)]


DEFAULT_PLAN: tuple[Experiment, ...] = (
    Experiment("3", "3. Results of testing", "The lab's network on both datasets", (LINEAR, XOR),
               kind="results", conclude="results"),
    Experiment("4A", "4. Discussion", "A. Learning rate", (LINEAR, XOR), "lr", (0.1, 0.01, 0.001)),
    Experiment("4B", "4. Discussion", "B. Hidden units", (LINEAR, XOR), "hidden", ((5, 5), (10, 10), (20, 20), (100, 100)),
               note="Both hidden layers get the same number of units; 100 is the lab's setting."),
    Experiment("4C", "4. Discussion", "C. Without activation functions", (LINEAR.replace(lr=0.001), XOR),
               "activation", ("none", "sigmoid"), conclude="learned",
               note="`none` makes both hidden layers linear, so the whole network is a logistic regression on the "
                    "two inputs. Linear runs at lr 0.001, where `none` trains stably (at the lab's 0.01 its output "
                    "saturates: `bp train --dataset linear --activation none`)."),
    Experiment("4D", "4. Discussion", "D. Initial weights", (LINEAR, XOR), "seed", (0, 1, 2, 3, 4), conclude="spread",
               note="The seed draws the initial weights (and the linear dataset's points): the same network "
                    "from five different starting points."),
    Experiment("5A", "5. Extra", "A. Activation functions", (LINEAR, XOR, LINEAR.replace(lr=0.001), XOR.replace(lr=0.001)),
               "activation", ("sigmoid", "relu", "tanh", "leaky_relu"),
               note="The hidden layers' activation; the output unit stays a sigmoid. At the lab's lr 0.01 and "
                    "at 0.001, since the answer depends on it."),
    Experiment("5B", "5. Extra", "B. Optimizers", (LINEAR, XOR), "optimizer", ("sgd", "momentum", "adam", "adagrad"),
               note="Momentum 0.9; Adam with beta1 0.9 and beta2 0.999; all at lr 0.01."),
)  # fmt: skip
