"""The MLflow pyfunc model of a trained MLP, logged as "models from code".

MLflow copies this file into the logged model and runs it when the model is loaded
(it is not imported as part of `tracking`), with the `backprop` package shipped
beside it. The model config holds the architecture; the weights come from the
`weights` artifact, read with `allow_pickle=False`. Nothing is pickled.

Input: a DataFrame with columns x1, x2 (the signature says so; MLflow enforces it).
Output: a DataFrame with `probability` (of class 1) and `label` (0 or 1, at 0.5).
"""

import numpy as np
import pandas as pd
from mlflow.models import set_model
from mlflow.pyfunc import PythonModel


class MLPModel(PythonModel):
    def load_context(self, context):
        from backprop.network import MLP

        config = context.model_config
        with np.load(context.artifacts["weights"], allow_pickle=False) as arrays:
            self.model = MLP(config["hidden"], config["activation"]).load_state(arrays)

    def predict(self, context, model_input: pd.DataFrame, params=None) -> pd.DataFrame:
        X = np.asarray(model_input[["x1", "x2"]], dtype=np.float64)  # (n, 2)
        p = self.model.predict_proba(X)[:, 0]  # (n,)
        return pd.DataFrame({"probability": p, "label": (p > 0.5).astype(np.int64)})


set_model(MLPModel())
