"""Settings, one class per environment; create_app() loads one of them."""

import os


class Config:
    # From the environment in production; "dev" only on your machine.
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    TASKS_LIMIT = 100


class TestingConfig(Config):
    TESTING = True
    TASKS_LIMIT = 3
