"""The database: one Flask-SQLAlchemy object, and the Task model."""

from datetime import date

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Task(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(500))
    completed: Mapped[bool] = mapped_column(default=False)
    due_date: Mapped[date | None]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "note": self.note,
            "completed": self.completed,
            "due_date": self.due_date.isoformat() if self.due_date else None,
        }
