"""Settings, one class per environment; create_app() picks one by name."""

import os


class Config:
    # A relative SQLite path lives in the instance folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///todo.sqlite")
    # Measure first: keep each request's SQL statements, counted in an X-Queries header.
    SQLALCHEMY_RECORD_QUERIES = True


class TestingConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # in memory: a fresh database per app


class DevelopmentConfig(Config):
    """`flask run` on your own machine."""


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig}
