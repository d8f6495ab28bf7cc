"""Loopback ports: a free one for a server to take, and whether one is already taken.

Every server the tool and its tests start gets its port from ``free_port``
(PostgreSQL, gunicorn, the offline check's package server); ``workshop serve``
and ``workshop doctor`` ask ``port_taken`` before they promise a port.
Standard library only: the learner's commands import this at start-up.
"""

from __future__ import annotations

import errno
import socket


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now, on *host* (the server that takes it binds it soon after)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_taken(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something already listens on *host*:*port*."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the servers do (Werkzeug's, gunicorn): a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False
