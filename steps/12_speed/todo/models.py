"""The database: the SQLAlchemy object and the three tables."""
# Every datetime is timezone-aware and in UTC, in Python and in the database.

from __future__ import annotations

from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, ForeignKey, Index, String, Text, event, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and read back as an aware UTC datetime."""
    # PostgreSQL keeps the offset (``timestamptz``); SQLite has no datetime type and
    # would hand back naive values, so this type adds the UTC offset on the way out.

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give it a timezone")
        value = value.astimezone(UTC)
        # SQLite stores text: drop the offset so every value compares as UTC.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


# After a commit, SQLAlchemy forgets every object's values by default, and reading
# one (to answer with the task just created) costs a SELECT. A request ends soon
# after its commit: what it wrote is what it answers with.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(256))
    date_joined: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # How many tasks the account has, and how many are completed (counts.py keeps them).
    task_count: Mapped[int] = mapped_column(default=0)
    completed_count: Mapped[int] = mapped_column(default=0)

    # One user, many tasks: user.tasks, and task.user the other way. Deleting a
    # user deletes their tasks (and tokens): passive_deletes leaves that to the
    # database's ON DELETE CASCADE, one statement however many tasks there are.
    tasks: Mapped[list[Task]] = relationship(back_populates="user", passive_deletes=True)

    __table_args__ = (
        # "Ada" and "ada" are the same account: unique ignoring case, and the
        # lookups by lower(username) use these indexes.
        Index("ix_users_username_lower", func.lower(username), unique=True),
        Index("ix_users_email_lower", func.lower(email), unique=True),
    )


class Task(db.Model):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    creation_date: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="tasks")

    __table_args__ = (
        # One page of a user's tasks, oldest first, is read straight off this index.
        Index("ix_tasks_user_created", "user_id", "creation_date", "id"),
        # Ids are never used twice, even after a delete: a client retrying the
        # DELETE of task 7 must not delete a newer task 7. (PostgreSQL's
        # sequences never reuse ids; SQLite needs AUTOINCREMENT for that.)
        {"sqlite_autoincrement": True},
    )


class Token(db.Model):
    """A login token. Only its SHA-256 hash is stored: a leaked table logs nobody in."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


def init_app(app) -> None:
    """Connect the app to its database and create any missing tables."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # Talk to PostgreSQL in UTC, whatever time zone its server is set to: in
        # another one, 9999-12-31T23:30Z would come back as a year 10000 that
        # Python cannot hold.
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options.setdefault("connect_args", {}).setdefault("options", "-c timezone=UTC")
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", set_sqlite_pragmas)
        # Creates only the tables that are missing, so a fresh checkout works
        # without `flask init-db` (which drops everything and starts again).
        db.create_all()
        # Close the connections create_all opened: gunicorn (preload_app) builds
        # the app once and then forks workers, which must not share a connection.
        # (An in-memory SQLite database lives only as long as its one connection.)
        if db.engine.url.database not in (None, "", ":memory:"):
            db.engine.dispose()


def set_sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Make SQLite fit for a web server with several worker processes."""
    cursor = dbapi_connection.cursor()
    # Readers no longer block the writer, nor the writer the readers.
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode this is still safe from corruption, and commits need no fsync.
    cursor.execute("PRAGMA synchronous=NORMAL")
    # A worker waits up to 5 s for another's write to finish instead of failing.
    cursor.execute("PRAGMA busy_timeout=5000")
    # SQLite ignores foreign keys (and ON DELETE CASCADE) unless asked.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
