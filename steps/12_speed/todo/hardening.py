"""What the HTTP servers need from an API that refuses big uploads."""
# Nothing here is about tasks or accounts, and no view calls it: the error
# handler calls ``discard_body`` before every error answer, and the JSON reader
# (api.Parser) calls ``refuse_cut_body`` before it parses a body.
#
# A 413 is decided from Content-Length before a byte of the body is read, and a
# 401 or 404 comes before the view reads it. Closing a connection that still has
# unread data in it makes TCP reset it, and a client still uploading then sees
# "connection reset" instead of our answer. So whatever is left of a refused
# body is read and thrown away first. Bodies beyond DISCARD_LIMIT are not worth
# the wait: they get the reset.

from flask import current_app, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wsgi import LimitedStream

DISCARD_LIMIT = 16 * 1024 * 1024


def discard_body() -> None:
    """Read what a refused request left unread of its body, so that the client gets our answer."""
    environ = request.environ
    length = request.content_length
    if length is not None and length > DISCARD_LIMIT:
        return
    if length is not None and length > current_app.config["MAX_CONTENT_LENGTH"]:
        # request.stream refuses to read a body this big: read it ourselves.
        stream = LimitedStream(environ["wsgi.input"], length)
    elif length is None and environ.get("wsgi.input_terminated"):
        # Chunked (no Content-Length): the server ends the input where the body ends.
        stream = LimitedStream(environ["wsgi.input"], DISCARD_LIMIT)
    else:
        stream = request.stream  # it knows how much of the body is left
    try:
        while stream.read(64 * 1024):
            pass
    except (HTTPException, OSError):  # the limit reached, or the client gone
        pass


def refuse_cut_body() -> None:
    """413 for a body sent in chunks that went past MAX_CONTENT_LENGTH."""
    # Such a body has no Content-Length to refuse it by: Werkzeug stops reading at
    # the limit, and the JSON parser would see only its start ("not valid JSON").
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is None and len(request.get_data()) >= limit:
        raise RequestEntityTooLarge()
