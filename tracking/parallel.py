"""Train sweep children in parallel through joblib: local processes, or a Dask cluster.

`jobs` local processes go through joblib's loky backend (jobs=1: in this process, one
after the other). `cluster`, a Dask scheduler's address, goes through joblib's Dask
backend: the children run on the cluster's workers, which need `bp` installed and must
reach the store (a tracking server, or a SQLite file on a filesystem they share).
joblib and distributed are imported here only, when a sweep runs.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from typing import Callable, Iterable

from tracking.store import Store
from tracking.sweep_child import ChildOutcome, ChildTask, run_child

CONNECT_TIMEOUT = "20s"  # how long to wait for the cluster's scheduler to answer


class ClusterError(RuntimeError):
    """The Dask cluster cannot be used; the message is one line saying why."""


def run_children(
    store: Store,
    tasks: Iterable[ChildTask],
    *,
    jobs: int | None = None,
    on_outcome: Callable[[ChildOutcome], None] | None = None,
) -> list[ChildOutcome]:
    """Train every task, calling on_outcome(outcome) in this process as each one ends.

    Runs on the joblib backend in force: loky by default, a cluster inside `backend()`.
    Outcomes come back in the order the children end. jobs None: every core (of the
    cluster, on one). A Ctrl-C here aborts the pool (its workers are stopped) and goes on.
    """
    import joblib

    tasks = list(tasks)
    if not tasks:
        return []
    outcomes = []
    # batch_size=1: one configuration per dispatch, so a slow one never holds others back.
    parallel = joblib.Parallel(n_jobs=jobs or -1, batch_size=1, return_as="generator_unordered")
    with warnings.catch_warnings():
        # On Ctrl-C joblib warns that the children in flight were cancelled: the sweep says so itself.
        warnings.filterwarnings("ignore", message=r"\d+ tasks", category=UserWarning, module="joblib")
        for outcome in parallel(joblib.delayed(run_child)(task, store) for task in tasks):
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    return outcomes


@contextmanager
def warmed(jobs: int | None, cluster: str | None = None, uri: str | None = None):
    """Start the local worker processes now, each loading what a child needs (mlflow,
    matplotlib, MLflow's package map, the SQL store's schema check: about 6 s of a fresh
    process) while this process opens the store and creates the parent run, instead of after.
    uri: the store the children will write to."""
    import joblib

    count = joblib.cpu_count() if jobs is None else jobs
    if cluster is not None or count < 2:  # a cluster's workers live elsewhere; jobs=1 runs here
        yield
        return
    # A generator: dispatched now, collected at the end (dropping it early would stop it).
    warm = joblib.Parallel(n_jobs=jobs or -1, batch_size=1, return_as="generator_unordered")(
        joblib.delayed(_load)(uri) for _ in range(count)
    )
    try:
        yield
    except BaseException:
        # Nothing to wait for; closed here, quietly (joblib would warn, on stderr, that its
        # results went unused), not whenever it is collected.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warm.close()
        raise
    for _ in warm:
        pass


def _load(uri: str | None) -> None:
    """What a worker's first child would otherwise load on the clock."""
    import io

    import mlflow.pyfunc  # noqa: F401  (model logging)

    import tracking.run  # noqa: F401
    from backprop.figures import learning_curve
    from backprop.training import History
    from tracking.provenance import version_tags

    version_tags()  # git, asked once per process
    learning_curve(History(loss=[1.0, 0.5], accuracy=[0.5, 1.0]), "warm").savefig(io.BytesIO(), format="png")
    try:  # MLflow maps installed packages to modules once per process, when a model is first logged
        from mlflow.utils.requirements_utils import _init_packages_to_modules_map

        _init_packages_to_modules_map()
    except Exception:  # a private helper: if it moved, the first model logged pays instead
        pass
    if uri is not None and not uri.startswith(("http://", "https://")):
        # A SQL store's first use in a process checks its schema (over a second). open_store
        # waits on the store's lock, so a store this sweep is creating is only read once made.
        from tracking.store import open_store

        try:
            open_store(uri, None, must_exist=True)
        except Exception:  # not there yet, or unusable: the sweep itself will say so
            pass


def store_uri(tracking_uri: str | None) -> str | None:
    """The store a command will use, for warmed(); None when it cannot even be named."""
    from tracking.store import StoreError, absolute_uri, resolve_uri

    try:
        return absolute_uri(resolve_uri(tracking_uri))
    except StoreError:  # an in-memory database, say: the command itself reports it
        return None


@contextmanager
def backend(cluster: str | None):
    """joblib's default (loky) backend, or its Dask backend on the cluster at `cluster`,
    connected on entry (so that an unreachable cluster fails before anything is written)."""
    if cluster is None:
        yield
        return
    import joblib

    client = connect(cluster)
    try:
        with joblib.parallel_config(backend="dask", client=client):
            yield
    finally:
        client.close()


def connect(address: str):
    """A distributed.Client of the scheduler at `address` (tcp://HOST:PORT), with at least
    one worker; ClusterError when distributed is missing or the cluster cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--cluster needs Dask's distributed package: pip install 'bp[cluster]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as error:
        client.close()
        raise ClusterError(f"the Dask cluster at {address} has no workers ({type(error).__name__})") from None
    return client
