"""The report's figures, each drawn from stored runs alone (weights, points, metric history).

A `FigureJob` names the runs and where the PNG goes; `draw(job, store)` loads what it
needs and draws, so jobs can run in worker processes, several at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from backprop.figures import CLASS_COLOURS, _scatter
from backprop.training import History, TrainResult

DPI = 110


@dataclass(frozen=True)
class FigureJob:
    kind: str  # a key of FIGURES
    path: str  # the PNG to write
    run_ids: tuple[str, ...]
    labels: tuple[str, ...]  # one per run: what sets it apart
    title: str


@dataclass(frozen=True)
class Loaded:
    history: History | None  # what the figure needs of it (all of it, only the loss, or nothing)
    result: TrainResult | None  # the trained network and its data; None for a run that diverged


def load(store, run_id: str, needs: str) -> Loaded:
    """What a figure `needs` of a run, and no more: a 10,000-epoch history takes longer to
    read than the weights. needs: "network", "history" (every metric) or "loss"."""
    from backprop.data import prepare_data
    from backprop.network import MLP
    from tracking.runs import get_run, load_dataset, load_weights, run_config
    from tracking.series import run_history

    run = get_run(store, run_id)
    if needs in ("history", "loss"):
        return Loaded(run_history(store, run, ("loss", "accuracy") if needs == "history" else ("loss",)), None)
    if run.info.status != "FINISHED":
        return Loaded(None, None)  # it diverged: no weights were kept
    config = run_config(run)
    model = MLP(config.hidden, config.activation, config.init).load_state(load_weights(store, run_id))
    return Loaded(None, TrainResult(config, model, prepare_data(config, load_dataset(store, run_id)), History()))


NEEDS = {"comparison": "network", "boundary": "network", "settings": "network", "learning_curve": "history", "loss": "loss"}


def draw(job: FigureJob, store) -> str:
    """Load the job's runs, draw, write the PNG; returns its path."""
    loaded = [load(store, run_id, NEEDS[job.kind]) for run_id in job.run_ids]
    figure = FIGURES[job.kind](loaded, job.labels, job.title)
    Path(job.path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(job.path, dpi=DPI)
    return job.path


def _single(draw_one):
    def figure(loaded: Sequence[Loaded], labels: Sequence[str], title: str):
        return draw_one(loaded[0], title)

    return figure


def _comparison(loaded: Loaded, title: str):
    from backprop.figures import comparison_figure

    result = loaded.result
    data = result.data
    return comparison_figure(data.X_test, data.y_test, result.model.predict_proba(data.X_test), title)


def _learning_curve(loaded: Loaded, title: str):
    from backprop.figures import learning_curve

    return learning_curve(loaded.history, title)


def _boundary(loaded: Loaded, title: str):
    from backprop.figures import decision_boundary

    result = loaded.result
    return decision_boundary(result.model, result.data.X, result.data.y, title=title)


def _loss(loaded: Sequence[Loaded], labels: Sequence[str], title: str):
    from backprop.overlays import overlay_curves

    return overlay_curves([item.history for item in loaded], labels, "loss", title)


def _box(X: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """(x1 limits, x2 limits): the points' box with a margin, the same for every panel of a run."""
    margin = 0.1 * max(np.ptp(X[:, 0]), np.ptp(X[:, 1]), 1e-9)
    return ((X[:, 0].min() - margin, X[:, 0].max() + margin), (X[:, 1].min() - margin, X[:, 1].max() + margin))


def _probability_map(ax, model, X: np.ndarray, y: np.ndarray, resolution: int = 80):
    """P(class 1) over the points' box as a heat map, the 0.5 contour, the true labels on top."""
    (x_low, x_high), (y_low, y_high) = _box(X)
    xs = np.linspace(x_low, x_high, resolution)
    ys = np.linspace(y_low, y_high, resolution)
    gx, gy = np.meshgrid(xs, ys)  # (resolution, resolution) each
    p = model.predict_proba(np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
    mesh = ax.imshow(p, origin="lower", extent=(x_low, x_high, y_low, y_high), cmap="RdBu", vmin=0, vmax=1,
                     interpolation="nearest", aspect="auto")  # fmt: skip
    if p.min() < 0.5 < p.max():  # no contour to draw when every point is on one side
        ax.contour(gx, gy, p, levels=[0.5], colors="black", linewidths=1)
    for cls, colour in enumerate(CLASS_COLOURS):
        mask = y[:, 0] == cls
        ax.scatter(X[mask, 0], X[mask, 1], c=colour, s=14, edgecolors="white", linewidths=0.5)
    return mesh


def _settings(loaded: Sequence[Loaded], labels: Sequence[str], title: str):
    """One column per run: its predicted classes (the lab's "Predict result") above its
    decision boundary (P(class 1), true labels on top).

    Laid out by hand rather than by matplotlib's constrained layout, which takes twice as
    long for a grid like this one (a report draws a dozen of them).
    """
    from matplotlib.figure import Figure

    count = len(loaded)
    width, height = 2.7 * count + 1.9, 6.2
    figure = Figure(figsize=(width, height))
    axes = figure.subplots(2, count, squeeze=False)
    figure.subplots_adjust(left=1.1 / width, right=1 - 1.0 / width, bottom=0.13, top=0.88, wspace=0.3, hspace=0.3)
    mesh = None
    for column, (item, label) in enumerate(zip(loaded, labels)):
        top, bottom = axes[0, column], axes[1, column]
        top.set_title(label, fontsize=10)
        if item.result is None:
            for ax in (top, bottom):
                ax.text(0.5, 0.5, "diverged:\nno weights", ha="center", va="center", transform=ax.transAxes)
                ax.set_xticks([])
                ax.set_yticks([])
            continue
        data, model = item.result.data, item.result.model
        _scatter(top, data.X_test, (model.predict_proba(data.X_test) > 0.5).astype(np.float64))
        mesh = _probability_map(bottom, model, data.X, data.y)
        x_limits, y_limits = _box(data.X)
        for ax in (top, bottom):
            ax.set_xlim(*x_limits)
            ax.set_ylim(*y_limits)
            ax.set_aspect("equal", adjustable="box")
            ax.tick_params(labelsize=7)
            ax.set_xlabel("x1", fontsize=8)
    axes[0, 0].set_ylabel("predicted class\nx2", fontsize=9)
    axes[1, 0].set_ylabel("P(class 1), true labels\nx2", fontsize=9)
    handles = [axes[0, 0].scatter([], [], c=colour, s=22, label=f"class {cls}") for cls, colour in enumerate(CLASS_COLOURS)]
    figure.legend(handles=handles, loc="lower center", fontsize=8, ncols=2, frameon=False)
    if mesh is not None:
        bar = figure.add_axes((1 - 0.75 / width, 0.13, 0.12 / width, 0.32))
        figure.colorbar(mesh, cax=bar, label="P(class 1)")
    figure.suptitle(title, y=0.97)
    return figure


FIGURES: dict[str, Callable] = {
    "comparison": _single(_comparison),
    "learning_curve": _single(_learning_curve),
    "boundary": _single(_boundary),
    "loss": _loss,
    "settings": _settings,
}
