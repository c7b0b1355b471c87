"""The names a tracked run is stored under: one place, so that `bp runs`, `bp reproduce`
and `bp compare` read back exactly what `train_tracked` wrote.

Plain constants; importing this module imports nothing heavy.
"""

# The store. Relative to the working directory; artifacts of any SQLite store go in
# an `artifacts/` folder beside its database file.
DEFAULT_TRACKING_URI = "sqlite:///mlruns/mlflow.db"
ARTIFACTS_FOLDER = "artifacts"
TRACKING_URI_ENV = "MLFLOW_TRACKING_URI"

# Per-epoch metrics (step = epoch, one point per epoch), as backprop.training.History names them.
EPOCH_METRICS = ("loss", "accuracy", "test_loss", "test_accuracy")
# Summary metrics, logged once at the end. TARGET_EPOCH only when the target was reached.
FINAL_LOSS = "final_loss"
FINAL_ACCURACY = "final_accuracy"
FINAL_TEST_LOSS = "final_test_loss"  # only with a held-out split
FINAL_TEST_ACCURACY = "final_test_accuracy"
EPOCHS_RUN = "epochs"
TARGET_EPOCH = "target_epoch"

# Artifacts, relative to the run's artifact root.
WEIGHTS = "weights.npz"  # MLP.state(): W1, b1, W2, ...
DATASET = "dataset.npz"  # X (n, 2), y (n, 1): every point of the run, before any split
FIGURES_DIR = "figures"  # comparison.png, learning_curve.png, decision_boundary.png
TEST_REPORT = "test_report.txt"  # the lab's `IterK | ...` lines
MODEL_NAME = "model"  # the pyfunc logged model's name (MLflow 3 keeps it under models/<id>/)

# Tags.
RUN_NAME = "mlflow.runName"
PARENT_RUN = "mlflow.parentRunId"
GIT_COMMIT = "mlflow.source.git.commit"  # shown by the UI; set only inside a git checkout
CODE_VERSION = "bp.code_version"  # git commit (+ "-dirty"), or the package version outside git
NUMPY_VERSION = "bp.numpy_version"
MLFLOW_VERSION = "bp.mlflow_version"
PYTHON_VERSION = "bp.python_version"
DATASET_TAG = "bp.dataset"  # e.g. "xor (21 points)"
FAILURE = "bp.failure"  # why a FAILED or KILLED run stopped
MODEL_ID = "bp.model_id"  # the logged model's id: load it as models:/<id>
REPRODUCES = "bp.reproduces"  # on a `bp reproduce --track` run: the id of the run it retrained
VERDICT = "bp.verdict"  # beside it: IDENTICAL or DIFFERENT
IDENTICAL, DIFFERENT = "identical", "different"

# Run statuses, as MLflow spells them.
FINISHED, FAILED, KILLED, RUNNING = "FINISHED", "FAILED", "KILLED", "RUNNING"

# Sweeps: a parent run per sweep, one nested child run (PARENT_RUN tag) per configuration.
SWEEP_FILE = "sweep.json"  # the parent's artifact: every configuration, the grid and its base
SWEEP_SIZE = "bp.sweep.configurations"  # on the parent: how many configurations
SWEEP_GRID = "bp.sweep.grid"  # on the parent: what varies, e.g. "lr: 0.1, 0.01 | seed: 0, 1"
SWEEP_FINISHED = "bp.sweep.finished"  # on the parent, once it ends: configurations with a FINISHED child
SWEEP_FAILED = "bp.sweep.failed"  # ... and those whose last child FAILED
REPORT_EXPERIMENT = "bp.report.experiment"  # on `bp report`'s parent runs: the plan's experiment, "4A"
