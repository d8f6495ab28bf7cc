"""Settings for each environment."""
# ``create_app`` picks one of these classes by name, then lets the environment
# override what differs on every machine: ``SECRET_KEY`` and ``DATABASE_URL``.
# Secrets never live in the code.

import os

# The environment variables that set a setting of the same name.
ENVIRONMENT = ["SECRET_KEY", "DATABASE_URL"]


class Config:
    """Settings shared by every environment."""

    SECRET_KEY: str | None = None
    # A relative SQLite path is a file in the instance folder (steps/09_database/instance/).
    SQLALCHEMY_DATABASE_URI = "sqlite:///todo.sqlite"
    # Bigger request bodies are refused with 413 Content Too Large.
    MAX_CONTENT_LENGTH = 1024 * 1024

    @classmethod
    def from_environment(cls) -> dict[str, str]:
        """The settings the environment gives, which win over the class's."""
        settings = {name: os.environ[name] for name in ENVIRONMENT if os.environ.get(name)}
        if "DATABASE_URL" in settings:  # the name hosting services use
            settings["SQLALCHEMY_DATABASE_URI"] = settings.pop("DATABASE_URL")
        return settings


class DevelopmentConfig(Config):
    """`flask run` on your own machine: works out of the box."""

    SECRET_KEY = "dev"  # fine on your laptop, never anywhere else


class TestingConfig(Config):
    """The test suite: each test passes its own database."""

    TESTING = True
    SECRET_KEY = "test"
    # Each test passes its own database; none by default, so none is ever shared.
    SQLALCHEMY_DATABASE_URI = None

    @classmethod
    def from_environment(cls) -> dict[str, str]:
        # A DATABASE_URL exported in your shell must never be emptied by a test run.
        return {}


class ProductionConfig(Config):
    """A real server: SECRET_KEY must come from the environment."""


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def database_url(url: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver."""
    # Hosting services hand out ``postgres://…`` URLs, a scheme SQLAlchemy 1.4 and
    # later refuse; plain ``postgresql://`` would pick psycopg2, which is not installed.
    scheme, sep, rest = url.partition("://")
    if sep and scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    return url
