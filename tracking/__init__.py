"""MLflow tracking for `backprop`: the only package that imports mlflow.

    from tracking import train_tracked
    tracked = train_tracked(TrainConfig(lr=0.1), experiment="xor")

`store` opens the store, `run` records a run, `runs` reads runs back, `params`
maps a TrainConfig to MLflow parameters and back, `names` holds every stored name.
"""

import os

# MLflow reports usage telemetry unless told not to; a student's runs send nothing anywhere
# unless the user sets MLFLOW_DISABLE_TELEMETRY=false.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

from tracking.errors import StoreError  # noqa: E402 (after the setting above, before mlflow loads)
from tracking.record import dataset_name  # noqa: E402
from tracking.run import RunInterrupted, TrackedRun, train_tracked  # noqa: E402
from tracking.store import Store, open_store  # noqa: E402

__all__ = ["RunInterrupted", "Store", "StoreError", "TrackedRun", "dataset_name", "open_store", "train_tracked"]
