"""Loopback ports and HTTP readiness, shared by the PostgreSQL and MLflow fixtures."""

import http.client
import socket
import urllib.request


def free_loopback_port() -> int:
    """A port nothing listens on right now; the OS picks it so parallel runs don't collide."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_ok(url: str, timeout: float = 2.0) -> bool:
    """True when `url` answers 2xx; any refusal, timeout or error status is False."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 300
    # URLError, refusals and timeouts are OSErrors; a half-started server can also send garbage.
    except (OSError, http.client.HTTPException):
        return False
