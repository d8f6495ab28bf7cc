"""Settings for each environment."""
# ``create_app`` picks one of these classes by name, then lets the environment
# override what differs on every machine. Secrets never live in the code.

import os

# The environment variables that set a setting of the same name.
ENVIRONMENT = ["SECRET_KEY"]


class Config:
    """Settings shared by every environment."""

    SECRET_KEY: str | None = None
    # Bigger request bodies are refused with 413 Content Too Large.
    MAX_CONTENT_LENGTH = 1024 * 1024

    @classmethod
    def from_environment(cls) -> dict[str, str]:
        """The settings the environment gives, which win over the class's."""
        settings = {name: os.environ[name] for name in ENVIRONMENT if os.environ.get(name)}
        return settings


class DevelopmentConfig(Config):
    """`flask run` on your own machine: works out of the box."""

    SECRET_KEY = "dev"  # fine on your laptop, never anywhere else


class TestingConfig(Config):
    """The test suite."""

    TESTING = True
    SECRET_KEY = "test"


class ProductionConfig(Config):
    """A real server: SECRET_KEY must come from the environment."""


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
