"""Figures that put several runs side by side, as the seed report's discussion does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from backprop.figures import _new_figure, _scatter

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from backprop.training import History

METRIC_LABELS = {"loss": "loss", "accuracy": "accuracy (%)", "test_loss": "test loss", "test_accuracy": "test accuracy (%)"}


def overlay_curves(
    histories: Sequence["History"], labels: Sequence[str], metric: str = "loss", title: str | None = None
) -> "Figure":
    """One line per run of `metric` against epoch, labelled by what sets the runs apart.

    A marker shows where each run reached its target accuracy. When the runs' lengths
    differ more than twentyfold, the epoch axis is logarithmic.
    """
    figure, axes = _new_figure(8, 4.8)
    ax = axes[0, 0]
    for history, name in zip(histories, labels):
        values = np.asarray(getattr(history, metric), dtype=float)
        if metric.endswith("accuracy"):
            values = 100 * values
        epochs = np.arange(1, len(values) + 1)
        (line,) = ax.plot(epochs, values, label=name, linewidth=1.4)
        if history.target_epoch is not None and len(values):
            ax.plot(history.target_epoch, values[history.target_epoch - 1], "o", color=line.get_color(), markersize=5)
    lengths = [len(getattr(h, metric)) for h in histories if len(getattr(h, metric))]
    if lengths and max(lengths) > 20 * min(lengths):
        # Runs of 80 and of 10,000 epochs: on a linear axis the short one would be a vertical line.
        ax.set_xscale("log")
        ax.set_xlabel("epoch (log scale)")
    else:
        ax.set_xlabel("epoch")
    ax.set_ylabel(METRIC_LABELS.get(metric, metric))
    if metric.endswith("accuracy"):
        ax.set_ylim(-2, 102)
    ax.set_title(title or f"{METRIC_LABELS.get(metric, metric)} against epoch")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="best")
    return figure


def comparison_grid(
    panels: Sequence[tuple[np.ndarray, np.ndarray]], labels: Sequence[str], X: Sequence[np.ndarray]
) -> "Figure":
    """Each run's "Predict result" panel in a grid, the ground truth of the first run first.

    panels: per run (y (n, 1) labels, prediction (n, 1) probabilities); X: per run (n, 2) points.
    """
    count = len(panels) + 1
    ncols = min(count, 4)
    nrows = -(-count // ncols)
    figure, axes = _new_figure(3.3 * ncols, 3.3 * nrows, ncols=ncols, nrows=nrows)
    cells = list(axes.ravel())
    y0, _ = panels[0]
    _scatter(cells[0], X[0], y0)
    cells[0].set_title("Ground truth", fontsize=10)
    for ax, (y, prediction), points, name in zip(cells[1:], panels, X, labels):
        _scatter(ax, points, (prediction > 0.5).astype(np.float64))
        ax.set_title(name, fontsize=9)
    for ax in cells:
        ax.set_aspect("equal", adjustable="datalim")
        ax.tick_params(labelsize=7)
    for ax in cells[count:]:
        ax.set_visible(False)
    return figure
