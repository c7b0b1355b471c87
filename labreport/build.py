"""`bp report`'s library call: the lab report, regenerated from tracked runs.

    from labreport.build import build_report
    built = build_report(open_store(experiment="lab1-report"), "report/", jobs=2)

Trains what the store lacks (unless train=False), then writes `README.md` and its
figures into the folder. Figures are drawn in worker processes, several at once.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from labreport.collect import find_done, train_missing
from labreport.page import Page
from labreport.plan import DEFAULT_PLAN, LAB, Experiment
from labreport.sections import SECTIONS
from tracking.store import Store
from tracking.sweep_child import ChildOutcome

README = "README.md"


@dataclass
class BuiltReport:
    path: Path  # the README written
    runs: int  # runs the report shows
    trained: list[ChildOutcome]  # what this call trained
    figures: int
    missing: list[str]  # what the store lacked (with train=False)
    seconds: dict[str, float]  # "training", "drawing"


def header(store_name: str, experiment: str) -> list[str]:
    lab = LAB
    return [
        "# Lab 1: Backpropagation, regenerated from tracked runs",
        "",
        f"Every table, number and figure below comes from runs tracked in MLflow, in the experiment "
        f"`{experiment}` of `{store_name}`. Each figure's caption names the runs it was drawn from: "
        "`bp reproduce RUN_ID` trains a run again and checks it against the store, bit for bit. "
        "`bp report` wrote this page; `bp report --from-store` redraws it without training.",
        "",
        f"The lab's setup, shared by every run unless its section says otherwise: a 2-{'-'.join(map(str, lab.hidden))}-1 "
        f"network, {lab.activation} hidden layers and a sigmoid output, standard-normal initial weights and zero biases, "
        f"MSE, full-batch gradient descent with learning rate {lab.lr:g} on the gradient summed over the points, at most "
        f"{lab.epochs:,} epochs, stopping at 100% training accuracy, seed {lab.seed}. `linear`: {lab.n} points drawn "
        "uniformly from the unit square; `xor`: the lab's 21 points. As in the lab, the network is tested on the "
        "points it trained on.",
        "",
        "Tables give each run's loss and accuracy at its last epoch, measured on the network entering that epoch "
        "(as the lab's epoch lines do). A run that reached 100% stopped there; one that ran to its epoch limit "
        "also took that last epoch's step, so its stored network (the figures, the test lines) can be one step "
        "further along than its table row.",
        "",
    ]


def render(plan: Sequence[Experiment], done, store: Store, out: Path, store_name: str) -> Page:
    page = Page(out)
    page.lines += header(store_name, store.experiment_name)
    section = None
    for experiment in plan:
        if experiment.section != section:
            section = experiment.section
            page.add(f"## {section}")
        SECTIONS[experiment.kind](experiment, done, store, page)
    if page.missing:
        page.add("## Not in the store yet", *(f"- {line}" for line in page.missing))
    return page


def build_report(
    store: Store,
    out: str | Path,
    plan: Sequence[Experiment] = DEFAULT_PLAN,
    *,
    train: bool = True,
    jobs: int | None = None,
    cluster: str | None = None,
    store_name: str | None = None,
    warm: bool = True,
    on_start: Callable[[int, int], None] | None = None,
    on_outcome: Callable[[ChildOutcome], None] | None = None,
    on_drawing: Callable[[int], None] | None = None,
) -> BuiltReport:
    """Train the plan's missing runs (train=True) on `jobs` local processes or the Dask
    `cluster`, then write out/README.md and out/figures/. warm: start the local workers
    first thing (False when the caller has). on_start(configs, parents) before training;
    on_drawing(figures) before drawing."""
    from tracking.parallel import backend, warmed

    out = Path(out).absolute()  # figures are written by worker processes, whose directory may differ
    seconds, trained = {}, []
    with warmed(jobs, cluster, store.uri) if warm else nullcontext():  # local workers load mlflow meanwhile
        clock = time.perf_counter()
        done = find_done(store)
        if train:
            with backend(cluster):
                trained = train_missing(store, plan, done, jobs=jobs, on_start=on_start, on_outcome=on_outcome)
            if trained:
                done = find_done(store)
        seconds["training"], clock = time.perf_counter() - clock, time.perf_counter()
        page = render(plan, done, store, out, store_name or store.uri)
        if on_drawing is not None:
            on_drawing(len(page.jobs))
        draw_figures(store, page.jobs, None if cluster else jobs)
        out.mkdir(parents=True, exist_ok=True)
        (out / README).write_text(page.text())
        seconds["drawing"] = time.perf_counter() - clock
    shown = {run_id for job in page.jobs for run_id in job.run_ids}
    return BuiltReport(out / README, len(shown), trained, len(page.jobs), page.missing, seconds)


def draw_figures(store: Store, figure_jobs: Sequence, jobs: int | None) -> None:
    """Draw every figure job, on this machine's processes (the PNGs land here)."""
    import joblib

    from labreport.figures import draw

    parallel = joblib.Parallel(n_jobs=jobs or -1, batch_size=1, return_as="generator_unordered")
    for _ in parallel(joblib.delayed(draw)(job, store) for job in figure_jobs):
        pass

