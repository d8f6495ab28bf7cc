"""Serve a WSGI app on a free loopback port for as long as a ``with`` block lasts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    """No access log: test output should show failures, not every request."""

    def log_request(self, code="-", size="-") -> None:
        pass


@contextmanager
def serve(app, host: str = "127.0.0.1") -> Iterator[str]:
    """Start *app* on ``host`` and a free port in a thread; yield its base URL.

    The server is shut down when the block ends, even if it ends with an error.
    """
    server = make_server(host, 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="workshop-server", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
