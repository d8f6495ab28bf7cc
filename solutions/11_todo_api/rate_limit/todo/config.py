"""Settings, one class per environment; create_app() picks one by name."""

import os


class Config:
    # A Flask-Limiter rule: how many logins one client address may try.
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10/minute")
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True  # Retry-After on a 429


class TestingConfig(Config):
    TESTING = True
    LOGIN_RATE_LIMIT = "3/minute"


class DevelopmentConfig(Config):
    """`flask run` on your own machine."""


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig}
