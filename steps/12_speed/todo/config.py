"""Settings for each environment."""
# ``create_app`` picks one of these classes by name, then lets the environment
# override what differs on every machine: ``SECRET_KEY``, ``DATABASE_URL``, the
# rate limits. Secrets never live in the code.

import os
from datetime import timedelta

# The environment variables that set a setting of the same name.
ENVIRONMENT = ["SECRET_KEY", "DATABASE_URL", "LOGIN_RATE_LIMIT", "SIGNUP_RATE_LIMIT",
               "RATELIMIT_STORAGE_URI", "PROXIES", "LOG_LEVEL"]


class Config:
    """Settings shared by every environment."""

    SECRET_KEY: str | None = None
    # A relative SQLite path is a file in the instance folder (steps/12_speed/instance/).
    SQLALCHEMY_DATABASE_URI = "sqlite:///todo.sqlite"
    # Bigger request bodies are refused with 413 Content Too Large.
    MAX_CONTENT_LENGTH = 1024 * 1024
    # How long a login token works.
    TOKEN_TTL = timedelta(hours=24)
    # werkzeug.security's default: slow on purpose, so stolen hashes are slow to crack.
    PASSWORD_HASH_METHOD = "scrypt"
    # Guessing passwords, or filling the database with accounts, takes many requests:
    # limit them per client address (Flask-Limiter's notation; see the README).
    LOGIN_RATE_LIMIT = "10/minute"
    SIGNUP_RATE_LIMIT = "20/hour"
    RATELIMIT_ENABLED = True
    # Where Flask-Limiter counts: in each worker's memory, or redis://… to share the counts.
    RATELIMIT_STORAGE_URI = "memory://"
    # A refused client is told when to try again (Retry-After, X-RateLimit-*).
    RATELIMIT_HEADERS_ENABLED = True
    # How many reverse proxies (nginx) stand in front of the app: their
    # X-Forwarded-For then tells the client's address. 0: none, trust no such header.
    PROXIES = 0
    LOG_LEVEL = "INFO"
    # flask-smorest: the OpenAPI description, at /api/v1/openapi.json.
    API_TITLE = "To-do API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

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
    # A fast hash keeps hundreds of logins in the suite quick; tests only.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # Each test passes its own database; none by default, so none is ever shared.
    SQLALCHEMY_DATABASE_URI = None
    # Tests log in hundreds of times; the rate-limit tests turn this back on.
    RATELIMIT_ENABLED = False

    @classmethod
    def from_environment(cls) -> dict[str, str]:
        # A DATABASE_URL exported in your shell must never be emptied by a test run.
        return {}


class ProductionConfig(Config):
    """gunicorn (see gunicorn.conf.py): SECRET_KEY must come from the environment."""

    LOG_LEVEL = "WARNING"


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
