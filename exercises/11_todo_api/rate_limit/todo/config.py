"""Settings, one class per environment; create_app() loads one of them."""

import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    # A Flask-Limiter rule: how many logins one client address may try.
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10/minute")
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True  # Retry-After on a 429


class TestingConfig(Config):
    TESTING = True
    LOGIN_RATE_LIMIT = "3/minute"
