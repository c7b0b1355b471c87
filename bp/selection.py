"""RUN arguments to stored runs, for the commands that bring runs back.

A RUN that names nothing (unknown, ambiguous, malformed) is a usage error, exit 2, as
any bad argument is; a run that is there but cannot be read back is a failure, exit 1.
Imported only when such a command runs.
"""

from __future__ import annotations

from bp.errors import Failure, click
from tracking.errors import StoreError, first_line, store_errors
from tracking.resolve import AmbiguousRun, RunNotFound, resolve_run, select_runs
from tracking.store import Store
from tracking.stored import StoredRun, load_stored


def pick_run(store: Store, ref: str, experiment: str | None):
    try:
        return resolve_run(store, ref, experiment)
    except (RunNotFound, AmbiguousRun) as error:
        raise click.UsageError(str(error)) from None
    except store_errors() as error:
        raise Failure(first_line(error)) from None


def pick_runs(store: Store, refs: list[str], experiment: str | None, where: str | None, limit: int):
    """(runs, more): see tracking.resolve.select_runs."""
    try:
        return select_runs(store, refs, experiment, where, limit)
    except (RunNotFound, AmbiguousRun) as error:
        raise click.UsageError(str(error)) from None
    except store_errors() as error:
        raise Failure(first_line(error)) from None


def load(store: Store, run) -> StoredRun:
    """The stored run's config, weights, history and points; one line when they cannot be read."""
    try:
        return load_stored(store, run)
    except StoreError as error:  # says all there is to say
        raise Failure(str(error)) from None
    except (*store_errors(), OSError, KeyError, ValueError) as error:  # artifacts missing or damaged
        raise Failure(f"cannot read run {run.info.run_id} back: {first_line(error)}") from None
