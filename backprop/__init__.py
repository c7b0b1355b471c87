"""A from-scratch NumPy multilayer perceptron, trained by hand-written backpropagation.

    from backprop import TrainConfig, train, figures
    result = train(TrainConfig(dataset="xor", lr=0.1))
    result.history.loss          # one value per epoch
    result.model.predict(X)      # X (n, 2) -> labels (n, 1)
    figures.save_all(result, "figures/")

Pure NumPy: this package never imports mlflow or typer, and imports matplotlib only
inside `backprop.figures` when a figure is drawn.
"""

from backprop import figures
from backprop.activations import ACTIVATIONS
from backprop.config import ConfigError, TrainConfig
from backprop.data import Split, dataset_points, prepare_data
from backprop.datasets import DATASETS, DatasetError, circle, gauss, linear, load_csv, make_dataset, spiral, xor
from backprop.gradcheck import check_gradients
from backprop.initializers import INITIALIZERS
from backprop.losses import LOSSES
from backprop.network import MLP
from backprop.optimizers import OPTIMIZERS
from backprop.training import DivergenceError, History, TrainResult, accuracy, build_model, evaluate, train

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "INITIALIZERS",
    "LOSSES",
    "MLP",
    "OPTIMIZERS",
    "ConfigError",
    "DatasetError",
    "DivergenceError",
    "History",
    "Split",
    "TrainConfig",
    "TrainResult",
    "accuracy",
    "build_model",
    "check_gradients",
    "circle",
    "dataset_points",
    "evaluate",
    "figures",
    "gauss",
    "linear",
    "load_csv",
    "make_dataset",
    "prepare_data",
    "spiral",
    "train",
    "xor",
]
