"""Settings, one class per environment; create_app() loads one of them."""

import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    # A relative SQLite path lives in the instance folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///todo.sqlite")


class TestingConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # in memory: a fresh database per app
