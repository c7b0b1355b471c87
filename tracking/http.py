"""Talking to a tracking server: requests that give up within seconds, and naming a lost server.

MLflow's defaults retry a failed request 7 times, backing off by a factor of 2 (about four
minutes of waiting per request), and wait 120 s for each answer. A tracked run makes a
request every half second for its metrics and several more to close itself, so a server
stopped mid-run left `bp train --track` silent for over ten minutes. Bounded here, a
request to a server that is gone fails within about 10 s (3 retries after 0, 2 and 4 s,
plus up to 1 s of jitter each). Whatever MLFLOW_HTTP_REQUEST_* the user set still wins.
"""

from __future__ import annotations

import os
import re

BOUNDED = {
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "3",
    "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "1",
    # A hung (rather than stopped) server: each attempt waits this long for an answer.
    "MLFLOW_HTTP_REQUEST_TIMEOUT": "30",
}


def bound_retries() -> None:
    """Make MLflow's HTTP requests give up within seconds, unless the user chose otherwise.

    MLflow reads these variables at every request, and worker processes started afterwards
    inherit them, so setting them once in the process is enough.
    """
    for name, value in BOUNDED.items():
        os.environ.setdefault(name, value)


# "[Errno 111] Connection refused", "[Errno -2] Name or service not known", ...
_OS_REASON = re.compile(r"\[Errno -?\d+\] ([^'\"()\]]+)")


def unreachable(error: BaseException) -> str | None:
    """A short reason ("connection refused") when `error` comes from a server that could not
    be reached or did not answer; None for any other error (the server answered, refusing).

    MLflow wraps the requests exception in an MlflowException, as its __context__ (or its
    __cause__ for a timeout), so the chain is walked.
    """
    import requests

    seen, current = set(), error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, requests.exceptions.Timeout):
            return f"no answer within {os.environ.get('MLFLOW_HTTP_REQUEST_TIMEOUT', '120')} s"
        if isinstance(current, requests.exceptions.ConnectionError):
            found = _OS_REASON.search(str(current))
            return found.group(1).strip().lower() if found else "connection failed"
        current = current.__cause__ or current.__context__
    return None
