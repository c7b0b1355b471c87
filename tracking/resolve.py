"""From what a user types to stored runs: a run id, a unique prefix of one, `latest`, or a filter.

Run ids are unique across a store, so an id or a prefix is looked up in every
experiment; `latest` and filters are limited to `experiment` when one is given.
"""

from __future__ import annotations

import re

from tracking import names
from tracking.errors import StoreError
from tracking.store import Store

LATEST = "latest"
MIN_PREFIX = 6
_RUN_ID = re.compile(r"[0-9a-f]{32}")
_PREFIX = re.compile(r"[0-9a-f]{%d,31}" % MIN_PREFIX)
# A run that trained to the end and logged its weights and model (not a sweep's parent,
# not a run that failed or is still running): one that can be brought back.
COMPLETE = f"attributes.status = '{names.FINISHED}' AND tags.`{names.MODEL_ID}` IS NOT NULL"


class RunNotFound(StoreError):
    """Nothing in the store matches what was asked for."""


class AmbiguousRun(StoreError):
    """A prefix that matches more than one run."""


def experiment_ids(store: Store, experiment: str | None) -> list[str]:
    """The ids of `experiment`, or of every active experiment of the store."""
    client = store.client()
    if experiment is None:
        return [e.experiment_id for e in client.search_experiments()]
    found = client.get_experiment_by_name(experiment)
    if found is None:
        known = ", ".join(e.name for e in client.search_experiments()) or "none yet"
        raise RunNotFound(f"no experiment {experiment!r} in {store.uri} (experiments: {known})")
    return [found.experiment_id]


def is_complete(run) -> bool:
    return run.info.status == names.FINISHED and names.MODEL_ID in run.data.tags


def resolve_run(store: Store, ref: str, experiment: str | None = None):
    """The MLflow Run that `ref` names: a full id, a unique prefix (>= 6 characters) or `latest`,
    the newest complete run (of `experiment` if given). Raises RunNotFound or AmbiguousRun."""
    ref = ref.strip().lower()
    if ref == LATEST:
        return _latest(store, experiment)
    if _RUN_ID.fullmatch(ref):
        from mlflow.exceptions import MlflowException

        try:
            return store.client().get_run(ref)
        except MlflowException:
            raise RunNotFound(f"no run {ref} in {store.uri}") from None
    if not _PREFIX.fullmatch(ref):
        raise RunNotFound(
            f"{ref!r} is not a run: give a run id, a prefix of one of at least {MIN_PREFIX} characters, or {LATEST!r}"
        )
    # Hex digits only (checked above), so the prefix cannot break out of the filter's quotes.
    found = store.client().search_runs(
        experiment_ids(store, None), filter_string=f"attributes.run_id LIKE '{ref}%'", max_results=6
    )
    if not found:
        raise RunNotFound(f"no run id starts with {ref} in {store.uri}")
    if len(found) > 1:
        shown = ", ".join(f"{r.info.run_id} ({r.info.run_name})" for r in sorted(found, key=lambda r: r.info.run_id)[:5])
        more = " and more" if len(found) > 5 else ""
        raise AmbiguousRun(f"{ref} is the start of several run ids: {shown}{more}; give more characters")
    return found[0]


def _latest(store: Store, experiment: str | None):
    ids = experiment_ids(store, experiment)
    found = ids and store.client().search_runs(
        ids, filter_string=COMPLETE, max_results=1, order_by=["attributes.start_time DESC"]
    )
    if not found:
        where = f"experiment {experiment!r} of {store.uri}" if experiment else store.uri
        raise RunNotFound(f"no finished run in {where} yet")
    return found[0]


def select_runs(
    store: Store, refs: list[str], experiment: str | None = None, where: str | None = None, limit: int = 20
) -> tuple[list, bool]:
    """(runs, more): the runs named by `refs` (in that order, repeats dropped), or else the
    newest `limit` complete runs of `experiment` (default: all) matching the MLflow filter
    `where`, oldest first (the order a sweep made them); `more` when others matched too.
    Raises RunNotFound when nothing matches."""
    if refs:
        runs = {}
        for ref in refs:
            run = resolve_run(store, ref, experiment)
            runs.setdefault(run.info.run_id, run)
        return list(runs.values()), False
    from mlflow.exceptions import MlflowException

    ids = experiment_ids(store, experiment)
    query = COMPLETE + (f" AND {where}" if where else "")  # MLflow's syntax has AND only: no brackets needed
    try:
        found = ids and store.client().search_runs(
            ids, filter_string=query, max_results=limit + 1, order_by=["attributes.start_time DESC"]
        )
    except MlflowException as error:
        raise RunNotFound(f"cannot search with {where!r}: {str(error).strip().splitlines()[0]}") from None
    if not found:
        scope = f"{store.uri}, experiment {experiment!r}" if experiment else store.uri
        matching = f" matches {where!r}" if where else ""
        raise RunNotFound(f"no finished run in {scope}{matching}")
    return list(reversed(found[:limit])), len(found) > limit
