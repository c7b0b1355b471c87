"""The runs a report stands on: found in the report's experiment, or trained as sweeps.

A config counts as done when the experiment holds a FINISHED run of exactly it (or a
run that diverged: training it again would diverge again), so a second `bp report`
trains nothing. What is missing is trained in one parallel pass, each config a child
of its experiment's parent run (the first experiment that wants it).
"""

from __future__ import annotations

from typing import Callable, Sequence

from backprop.config import TrainConfig
from backprop.grid import unique
from labreport.outcomes import usable
from labreport.plan import Experiment
from tracking import names
from tracking.store import Store
from tracking.sweep import SEARCH_LIMIT, SweepSpec, config_of, create_parent
from tracking.sweep_child import ChildOutcome, ChildTask


def find_done(store: Store) -> dict[TrainConfig, object]:
    """Per config, the newest usable run of it in the store's experiment (none without one),
    a FINISHED run before one that diverged."""
    if store.experiment_id is None:
        return {}
    runs = store.client().search_runs(
        [store.experiment_id], max_results=SEARCH_LIMIT, order_by=["attributes.start_time DESC"]
    )
    done: dict[TrainConfig, object] = {}
    for run in sorted((run for run in runs if usable(run)), key=lambda run: run.info.status != names.FINISHED):
        config = config_of(run)  # sorted() is stable: newest first within each status
        if config is not None and config not in done:
            done[config] = run
    return done


def missing(plan: Sequence[Experiment], done) -> list[tuple[Experiment, list[TrainConfig]]]:
    """Per experiment, the configs it is first to want and the store lacks."""
    claimed: set[TrainConfig] = set(done)
    owned = []
    for experiment in plan:
        mine = [c for c in unique(experiment.configs()) if c not in claimed]
        claimed.update(mine)
        if mine:
            owned.append((experiment, mine))
    return owned


def estimated_cost(config: TrainConfig) -> float:
    """The most a run can cost (epoch limit x points x weights), to start the possibly long
    ones first, so that no worker is left with one long run at the end."""
    points = 21 if config.dataset == "xor" else config.n
    sizes = (2, *config.hidden, 1)
    weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    return config.epochs * points * weights


def train_missing(
    store: Store,
    plan: Sequence[Experiment],
    done,
    *,
    jobs: int | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_outcome: Callable[[ChildOutcome], None] | None = None,
) -> list[ChildOutcome]:
    """Train every missing config (one parent run per experiment that lacks some), on the
    joblib backend in force. on_start(configs, parents) once the parents exist."""
    from tracking.sweeps import train_children

    owned = missing(plan, done)
    if not owned:
        return []
    tasks, parents = [], []
    for experiment, configs in owned:
        grid = {"dataset": list(dict.fromkeys(c.dataset for c in configs))}
        if experiment.field is not None:
            grid[experiment.field] = list(experiment.values)
        spec = SweepSpec(f"report {experiment.key}: {experiment.title}", tuple(configs), grid, experiment.bases[0])
        parent_id = create_parent(store, spec, tags={names.REPORT_EXPERIMENT: experiment.key})
        parents.append(parent_id)
        tasks += [ChildTask(config, parent_id) for config in configs]
    tasks.sort(key=lambda task: estimated_cost(task.config), reverse=True)
    if on_start is not None:
        on_start(len(tasks), len(parents))
    return train_children(store, tasks, parents, jobs=jobs, on_outcome=on_outcome)
