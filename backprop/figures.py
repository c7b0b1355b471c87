"""The lab's figures, drawn with matplotlib's Agg backend.

matplotlib is imported inside the functions that draw, so `import backprop` stays
light; nothing here opens a window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from backprop.network import MLP
    from backprop.training import History, TrainResult

CLASS_COLOURS = ("red", "blue")  # class 0, class 1: the lab's colours
FIGURE_NAMES = ("comparison", "learning_curve", "decision_boundary")


def _new_figure(width: float, height: float, ncols: int = 1, nrows: int = 1):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    # A bare Figure (not pyplot) is never registered with a GUI and needs no closing.
    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=False)
    return figure, axes


def _scatter(ax, X: np.ndarray, labels: np.ndarray) -> None:
    for cls, colour in enumerate(CLASS_COLOURS):
        mask = labels[:, 0] == cls
        ax.scatter(X[mask, 0], X[mask, 1], c=colour, s=22, label=f"class {cls}", edgecolors="none")


def comparison_figure(X: np.ndarray, y: np.ndarray, prediction: np.ndarray, title: str | None = None) -> "Figure":
    """The lab's figure: "Ground truth" | "Predict result", class 0 red, class 1 blue.

    X (n, 2); y (n, 1) labels; prediction (n, 1) probabilities, thresholded at 0.5.
    """
    figure, axes = _new_figure(9, 4.2, ncols=2)
    predicted = (prediction > 0.5).astype(np.float64)
    for ax, labels, name in zip(axes[0], (y, predicted), ("Ground truth", "Predict result")):
        _scatter(ax, X, labels)
        ax.set_title(name, fontsize=14)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        ax.set_aspect("equal", adjustable="datalim")
    if title:
        figure.suptitle(title)
    return figure


def learning_curve(history: "History", title: str | None = None) -> "Figure":
    """Loss (top) and accuracy (bottom) against epoch, with test curves when there are any."""
    figure, axes = _new_figure(7, 6, nrows=2)
    loss_ax, acc_ax = axes[:, 0]
    epochs = np.arange(1, history.epochs + 1)
    loss_ax.plot(epochs, history.loss, label="train", color="tab:blue")
    acc_ax.plot(epochs, 100 * np.asarray(history.accuracy), label="train", color="tab:blue")
    if history.test_loss:
        loss_ax.plot(epochs, history.test_loss, label="test", color="tab:orange")
        acc_ax.plot(epochs, 100 * np.asarray(history.test_accuracy), label="test", color="tab:orange")
    if history.target_epoch is not None:
        for ax in (loss_ax, acc_ax):
            ax.axvline(history.target_epoch, color="grey", linestyle=":", linewidth=1)
    loss_ax.set_ylabel("loss")
    loss_ax.set_title(title or "Learning curve")
    acc_ax.set_ylabel("accuracy (%)")
    acc_ax.set_ylim(-2, 102)
    acc_ax.set_xlabel("epoch")
    for ax in (loss_ax, acc_ax):
        ax.grid(alpha=0.3)
        if history.test_loss:
            ax.legend()
    return figure


def decision_boundary(
    model: "MLP", X: np.ndarray, y: np.ndarray, resolution: int = 100, title: str | None = None
) -> "Figure":
    """The predicted probability of class 1 over a resolution x resolution grid, points on top."""
    figure, axes = _new_figure(6, 5.2)
    ax = axes[0, 0]
    margin = 0.1 * max(np.ptp(X[:, 0]), np.ptp(X[:, 1]), 1e-9)
    xs = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, resolution)
    ys = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, resolution)
    gx, gy = np.meshgrid(xs, ys)  # (resolution, resolution) each
    grid = np.column_stack([gx.ravel(), gy.ravel()])  # (resolution^2, 2)
    p = model.predict_proba(grid).reshape(gx.shape)
    mesh = ax.pcolormesh(gx, gy, p, cmap="RdBu", vmin=0, vmax=1, shading="auto")
    ax.contour(gx, gy, p, levels=[0.5], colors="black", linewidths=1)
    _scatter(ax, X, y)
    for collection in ax.collections[-2:]:
        collection.set_edgecolor("white")
        collection.set_linewidth(0.6)
    figure.colorbar(mesh, ax=ax, label="P(class 1)")
    ax.set_title(title or "Decision boundary")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return figure


def draw_all(result: "TrainResult") -> dict[str, "Figure"]:
    """The run's three figures by name (FIGURE_NAMES), drawn from its model and history."""
    label = result.config.label
    data = result.data
    return {
        "comparison": comparison_figure(data.X_test, data.y_test, result.model.predict_proba(data.X_test), label),
        "learning_curve": learning_curve(result.history, label),
        "decision_boundary": decision_boundary(result.model, data.X, data.y, title=label),
    }


def save_all(result: "TrainResult", out_dir: str | Path) -> dict[str, Path]:
    """Write the three figures as PNGs into `out_dir`; returns their paths by name."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, figure in draw_all(result).items():
        paths[name] = out_dir / f"{name}.png"
        figure.savefig(paths[name], dpi=110)
    return paths
