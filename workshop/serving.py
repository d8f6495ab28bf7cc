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
    # shutdown() waits for the loop to look at its flag, which it does every poll_interval:
    # 0.5 s by default, half a second lost at the end of every block; a look costs nothing.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              name="workshop-server", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
