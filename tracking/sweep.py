"""A sweep in the store: a parent run holding the plan, one nested child run per configuration.

The parent keeps every configuration in its `sweep.json` artifact (with the grid and
base they came from), so that `resume` needs nothing but the parent's id. Children are
ordinary tracked runs whose `mlflow.parentRunId` tag names the parent; a configuration
is done once it has a FINISHED child.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from backprop.config import ConfigError, TrainConfig, field_names
from backprop.differences import format_value
from tracking import names
from tracking.params import config_to_params, params_to_config
from tracking.provenance import version_tags
from tracking.runs import download, get_run
from tracking.store import Store, StoreError

SEARCH_LIMIT = 50_000  # MLflow's own ceiling for one search


@dataclass(frozen=True)
class SweepSpec:
    """What a sweep trains. `grid` (field -> values) and `base` say where the configs came
    from, for display and for checking the options given with a resume."""

    name: str
    configs: tuple[TrainConfig, ...]
    grid: dict = dataclasses.field(default_factory=dict)
    base: TrainConfig = TrainConfig()

    def describe(self) -> str:
        """`lr: 0.1, 0.01 | seed: 0, 1`, or the number of configurations when no grid is known."""
        if not self.grid:
            return f"{len(self.configs)} configurations"
        return " | ".join(f"{field}: {', '.join(format_value(v) for v in values)}" for field, values in self.grid.items())

    def to_json(self) -> dict:
        base = config_to_params(self.base)
        grid = {field: [_value_text(self.base, field, v) for v in values] for field, values in self.grid.items()}
        return {"version": 1, "name": self.name, "base": base, "grid": grid,
                "configs": [config_to_params(c) for c in self.configs]}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> "SweepSpec":
        base = params_to_config(data["base"])
        grid = {f: [_text_value(data["base"], f, text) for text in texts] for f, texts in data["grid"].items()}
        configs = tuple(params_to_config(params) for params in data["configs"])
        return cls(data["name"], configs, grid, base)


def _value_text(base: TrainConfig, field: str, value) -> str:
    return config_to_params(base.replace(**{field: value}))[field]


def _text_value(base_params: dict, field: str, text: str):
    return getattr(params_to_config({**base_params, field: text}), field)


def config_of(run) -> TrainConfig | None:
    """The config a child run trained; None for a run that is not one (a parent, say)."""
    params = run.data.params
    if not set(field_names()) <= params.keys():
        return None
    try:
        return params_to_config(params)
    except (ConfigError, ValueError):
        return None


def create_parent(store: Store, spec: SweepSpec, tags: dict[str, str] | None = None) -> str:
    """A RUNNING parent run holding `spec`; returns its id."""
    client = store.client()
    run_tags = {**version_tags(), names.SWEEP_SIZE: str(len(spec.configs)), names.SWEEP_GRID: spec.describe()[:5000]}
    run = client.create_run(store.experiment_id, run_name=spec.name, tags={**run_tags, **(tags or {})})
    run_id = run.info.run_id
    try:
        client.log_dict(run_id, spec.to_json(), names.SWEEP_FILE)
    except BaseException:
        client.set_terminated(run_id, names.FAILED)
        raise
    return run_id


def load_spec(store: Store, parent_id: str) -> SweepSpec:
    """The spec a parent run holds; StoreError when the run is not a sweep's parent."""
    run = get_run(store, parent_id)
    if names.SWEEP_SIZE not in run.data.tags:
        raise StoreError(f"run {parent_id} is not a sweep's parent run")
    with tempfile.TemporaryDirectory(prefix="bp-sweep-") as folder:
        data = json.loads(Path(download(store, parent_id, names.SWEEP_FILE, folder)).read_text())
    return SweepSpec.from_json(data)


def children(store: Store, parent_id: str) -> list:
    """Every child run of the parent, newest first."""
    parent = get_run(store, parent_id)
    return store.client().search_runs(
        [parent.info.experiment_id],
        filter_string=f"tags.`{names.PARENT_RUN}` = '{parent_id}'",
        max_results=SEARCH_LIMIT,
        order_by=["attributes.start_time DESC"],
    )


def latest_by_config(runs, done=(names.FINISHED,)) -> dict[TrainConfig, object]:
    """Per config, its newest run whose status is in `done` (`runs` newest first)."""
    found: dict[TrainConfig, object] = {}
    for run in runs:
        config = config_of(run)
        if config is not None and run.info.status in done and config not in found:
            found[config] = run
    return found


def mark_abandoned(store: Store, parent_id: str, reason: str) -> int:
    """Close the parent's children still RUNNING (their process is gone) as KILLED; how many."""
    client, count = store.client(), 0
    for run in children(store, parent_id):
        if run.info.status == names.RUNNING:
            client.set_tag(run.info.run_id, names.FAILURE, reason)
            client.set_terminated(run.info.run_id, names.KILLED)
            count += 1
    return count


def reopen_parent(store: Store, parent_id: str) -> None:
    store.client().update_run(parent_id, status=names.RUNNING)


def close_parent(store: Store, parent_id: str, status: str, finished: int, failed: int) -> None:
    """End the parent run with `status`, tagged with its counts of finished and failed configurations."""
    client = store.client()
    client.set_tag(parent_id, names.SWEEP_FINISHED, str(finished))
    client.set_tag(parent_id, names.SWEEP_FAILED, str(failed))
    client.set_terminated(parent_id, status)
