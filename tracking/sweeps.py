"""Run a sweep: a parent run, then one child run per configuration, trained in parallel.

    from tracking.sweeps import run_sweep
    from tracking.sweep import SweepSpec
    spec = SweepSpec("lr study", tuple(grid_configs({"lr": [0.1, 0.01]})), {"lr": [0.1, 0.01]})
    result = run_sweep(open_store(experiment="xor"), spec, jobs=2)

The parent ends FINISHED once every child has ended, even if some FAILED (its tags
count them); KILLED on Ctrl-C; FAILED if the pool itself broke. Either way a child
whose process was stopped is closed KILLED, and `run_sweep(..., resume=parent_id)`
trains exactly the configurations that still have no FINISHED child.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from backprop.grid import unique
from tracking import names
from tracking.parallel import backend, run_children
from tracking.store import Store
from tracking.sweep import (
    SweepSpec,
    children,
    close_parent,
    create_parent,
    latest_by_config,
    load_spec,
    mark_abandoned,
    reopen_parent,
)
from tracking.sweep_child import ChildOutcome, ChildTask


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep, raised once its parent runs are KILLED and their children closed."""

    def __init__(self, parent_ids: Sequence[str]):
        ids = ", ".join(parent_ids)
        super().__init__(f"sweep {ids} marked KILLED; resume it with `bp sweep --resume {parent_ids[0]}`"
                         if len(parent_ids) == 1 else f"sweeps {ids} marked KILLED")  # fmt: skip
        self.parent_ids = list(parent_ids)


@dataclass
class SweepResult:
    parent_run_id: str
    spec: SweepSpec
    already_done: int  # configurations with a FINISHED child before this call (resume)
    outcomes: list[ChildOutcome] = field(default_factory=list)  # this call's children, in the order they ended

    @property
    def failed(self) -> list[ChildOutcome]:
        return [o for o in self.outcomes if o.status != names.FINISHED]


def run_sweep(
    store: Store,
    spec: SweepSpec | None = None,
    *,
    resume: str | None = None,
    jobs: int | None = None,
    cluster: str | None = None,
    on_start: Callable[[str, int, int], None] | None = None,
    on_outcome: Callable[[ChildOutcome], None] | None = None,
) -> SweepResult:
    """Train `spec` as a new sweep, or (resume=PARENT_ID) the configurations of that sweep
    that have no FINISHED child. jobs: processes on this machine (None: one per core);
    cluster: a Dask scheduler's address to train on its workers instead.
    on_start(parent_id, to_train, already_done) is called
    once the parent exists; on_outcome(outcome) as each child ends."""
    with backend(cluster):  # connects to the cluster first: unreachable, nothing is written
        return _run_sweep(store, spec, resume, jobs, on_start, on_outcome)


def _run_sweep(store, spec, resume, jobs, on_start, on_outcome) -> SweepResult:
    if resume is not None:
        spec = spec or load_spec(store, resume)
        done = latest_by_config(children(store, resume))
        # A child still RUNNING belongs to the interrupted sweep being resumed: its process is gone.
        mark_abandoned(store, resume, "left RUNNING by an interrupted sweep; trained again on resume")
        reopen_parent(store, resume)
        parent_id = resume
    else:
        done, parent_id = {}, create_parent(store, spec)
    todo = [config for config in unique(spec.configs) if config not in done]
    if on_start is not None:
        on_start(parent_id, len(todo), len(done))
    outcomes = train_children(store, [ChildTask(c, parent_id) for c in todo], [parent_id], jobs=jobs, on_outcome=on_outcome)
    return SweepResult(parent_id, spec, len(done), outcomes)


def train_children(
    store: Store,
    tasks: Sequence[ChildTask],
    parent_ids: Sequence[str],
    *,
    jobs: int | None = None,
    on_outcome: Callable[[ChildOutcome], None] | None = None,
) -> list[ChildOutcome]:
    """Train `tasks` (children of `parent_ids`) on the joblib backend in force (see
    tracking.parallel.backend), then end every parent with its counts."""
    try:
        outcomes = run_children(store, tasks, jobs=jobs, on_outcome=on_outcome)
    except KeyboardInterrupt:
        _close_all(store, parent_ids, names.KILLED, "the sweep was interrupted")
        raise SweepInterrupted(parent_ids) from None
    except BaseException:
        _close_all(store, parent_ids, names.FAILED, "the sweep stopped on an error")
        raise
    _close_all(store, parent_ids, names.FINISHED, None)
    return outcomes


def _close_all(store: Store, parent_ids: Sequence[str], status: str, reason: str | None) -> None:
    for parent_id in parent_ids:
        if reason is not None:
            mark_abandoned(store, parent_id, reason)
        runs = children(store, parent_id)
        finished = latest_by_config(runs)
        failed = [c for c in latest_by_config(runs, done=(names.FAILED,)) if c not in finished]
        close_parent(store, parent_id, status, len(finished), len(failed))
