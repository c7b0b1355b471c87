"""The files a tracked run keeps, written into a folder that is then logged as a whole.

Arrays are stored as .npz and read back only with `allow_pickle=False`: a stored run
can be loaded without trusting whoever wrote it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from backprop.console import report_lines
from backprop.training import TrainResult
from tracking.names import DATASET, FIGURES_DIR, TEST_REPORT, WEIGHTS


def write_dataset(folder: Path, X: np.ndarray, y: np.ndarray) -> Path:
    """dataset.npz: X (n, 2), y (n, 1), every point of the run, before any split."""
    path = Path(folder) / DATASET
    np.savez(path, X=X, y=y)
    return path


def write_results(folder: Path, result: TrainResult) -> dict[str, Path]:
    """weights.npz, test_report.txt and the three figures (under figures/); paths by name."""
    from backprop.figures import save_all

    folder = Path(folder)
    paths = {"weights": folder / WEIGHTS, "test_report": folder / TEST_REPORT}
    np.savez(paths["weights"], **result.model.state())
    paths["test_report"].write_text("\n".join(report_lines(result)) + "\n")
    paths.update(save_all(result, folder / FIGURES_DIR))
    return paths


def read_npz(path: str | Path) -> dict[str, np.ndarray]:
    """Every array of an .npz file, refusing pickled objects."""
    with np.load(path, allow_pickle=False) as arrays:
        return {name: arrays[name] for name in arrays.files}
