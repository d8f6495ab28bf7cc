"""Rate limits: how often one client address may try to log in or sign up."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Counts requests per client address; the limits themselves are settings (config.py).
limiter = Limiter(get_remote_address)
