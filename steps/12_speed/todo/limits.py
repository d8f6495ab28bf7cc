"""Rate limits: how often one client address may try to log in or sign up."""

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Counts requests per client address; the limits themselves are settings (config.py).
limiter = Limiter(get_remote_address)


@limiter.request_filter
def not_rate_limited() -> bool:
    """Only sign-up and login have limits: other requests skip the limiter's bookkeeping."""
    return request.endpoint not in ("api.create_account", "api.login")
