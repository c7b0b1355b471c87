"""MLflow tracking for `backprop`: the only package that imports mlflow.

    from tracking import train_tracked
    tracked = train_tracked(TrainConfig(lr=0.1), experiment="xor")

`store` opens the store, `run` records a run, `runs` reads runs back, `params`
maps a TrainConfig to MLflow parameters and back, `names` holds every stored name.
"""

from tracking.errors import StoreError
from tracking.record import dataset_name
from tracking.run import RunInterrupted, TrackedRun, train_tracked
from tracking.store import Store, open_store

__all__ = ["RunInterrupted", "Store", "StoreError", "TrackedRun", "dataset_name", "open_store", "train_tracked"]
