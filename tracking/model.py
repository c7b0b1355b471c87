"""Log a trained MLP as an MLflow pyfunc model, so `mlflow.pyfunc.load_model(...)` and
`mlflow models predict` use it with nothing but NumPy, pandas and MLflow.

The model is created against the run (source run, and a model output of the run at
its last epoch) but logged with no run attached: attached, MLflow would read back
every metric history of the run (seconds for a long run) and copy the model config
into the run's parameters, where it would clash with ours.
"""

from __future__ import annotations

import os
import warnings
from contextlib import contextmanager
from pathlib import Path

import backprop
from backprop.config import TrainConfig
from tracking.names import MODEL_NAME
from tracking.params import config_to_params
from tracking.names import TRACKING_URI_ENV

CODE_FILE = Path(__file__).with_name("mlp_pyfunc.py")  # the model's code ("models from code")
BACKPROP_DIR = Path(backprop.__file__).parent  # shipped with the model: its forward pass


def signature():
    from mlflow.models import ModelSignature
    from mlflow.types import ColSpec, Schema

    return ModelSignature(
        inputs=Schema([ColSpec("double", "x1"), ColSpec("double", "x2")]),
        outputs=Schema([ColSpec("double", "probability"), ColSpec("long", "label")]),
    )


def requirements() -> list[str]:
    # Explicit requirements: MLflow's own inference of them costs seconds per model.
    import mlflow
    import numpy
    import pandas

    return [f"mlflow=={mlflow.__version__}", f"numpy=={numpy.__version__}", f"pandas=={pandas.__version__}"]


def log_model(client, experiment_id: str, run_id: str, config: TrainConfig, weights: Path, step: int) -> str:
    """Log the pyfunc model of `config` with the weights file `weights`; returns the model id."""
    import mlflow.pyfunc
    from mlflow.entities import LoggedModelOutput
    from mlflow.models import Model

    logged = client.create_logged_model(
        experiment_id, name=MODEL_NAME, source_run_id=run_id, params=config_to_params(config)
    )
    # Model.log talks to the store through the global API. Its advice (type hints on predict,
    # an input example) does not apply: the signature is given and says all there is to say.
    with fluent_uri(client.tracking_uri), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        Model.log(
            artifact_path=None,
            name=MODEL_NAME,
            flavor=mlflow.pyfunc,
            model_id=logged.model_id,
            python_model=str(CODE_FILE),
            artifacts={"weights": str(weights)},
            model_config={"hidden": list(config.hidden), "activation": config.activation},
            code_paths=[str(BACKPROP_DIR)],
            signature=signature(),
            pip_requirements=requirements(),
        )
    client.log_outputs(run_id, [LoggedModelOutput(logged.model_id, step)])
    return logged.model_id


@contextmanager
def fluent_uri(uri: str):
    """Point MLflow's global ("fluent") API at `uri` for the block, then restore the caller's
    setting and MLFLOW_TRACKING_URI (which `mlflow.set_tracking_uri` overwrites)."""
    import mlflow
    from mlflow.tracking._tracking_service import utils

    saved, saved_env = utils._tracking_uri, os.environ.get(TRACKING_URI_ENV)
    mlflow.set_tracking_uri(uri)
    try:
        yield
    finally:
        mlflow.set_tracking_uri(saved)
        if saved_env is not None:
            os.environ[TRACKING_URI_ENV] = saved_env
