"""The lab's console lines, as plain strings (printing is the caller's business)."""

from __future__ import annotations

import numpy as np


def epoch_line(epoch: int, loss: float, accuracy: float) -> str:
    """`epoch 1545 loss : 0.02042 accuracy : 100.00%` (accuracy given as a fraction)."""
    return f"epoch {epoch} loss : {loss:.5f} accuracy : {100 * accuracy:.2f}%"


def test_lines(y: np.ndarray, p: np.ndarray, loss: float, accuracy: float) -> list[str]:
    """The lab's test report: one `IterK | Ground truth: y | prediction: p |` line per point
    (K from 1), then `loss=... accuracy=...%`. y, p: (n, 1)."""
    lines = [
        f"Iter{k} |    Ground truth: {float(truth):.1f} |    prediction: {float(pred):.5f} |"
        for k, (truth, pred) in enumerate(zip(y[:, 0], p[:, 0]), start=1)
    ]
    lines.append(f"loss={loss:.5f} accuracy={100 * accuracy:.2f}%")
    return lines


def report_lines(result) -> list[str]:
    """The test lines of a TrainResult: its model on its test points (all points, in the lab)."""
    from backprop.training import evaluate

    data, model = result.data, result.model
    loss, accuracy = evaluate(model, data.X_test, data.y_test, result.config.loss)
    return test_lines(data.y_test, model.predict_proba(data.X_test), loss, accuracy)
