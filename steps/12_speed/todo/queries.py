"""The statements of the hot paths, built once, when the app is imported.

``select(...).where(...)`` in a view builds a new statement on every request,
and SQLAlchemy then walks it to compute the key under which it cached the SQL.
Built once, with ``bindparam()`` placeholders where the values go, a statement
costs neither: each request only hands over the values.
"""

from sqlalchemy import bindparam, select

from .models import Task, Token, User, db

# Who owns an unexpired token, found by the token's hash: the few columns every
# request needs, as a row, not a whole User object.
users, tokens = User.__table__.c, Token.__table__.c
TOKEN_OWNER = (
    select(users.id, users.username, users.task_count, users.completed_count)
    .join_from(User.__table__, Token.__table__)
    .where(tokens.token_hash == bindparam("token_hash"), tokens.expires_at > bindparam("now"))
)

# One page of an account's tasks, oldest first, read straight off the
# (user_id, creation_date, id) index; and the same for ?completed=true|false.
# The columns of the table, not the Task class: rows, not objects, which go
# straight to JSON (TaskSchema's fields, in its names).
tasks = Task.__table__.c
PAGE = (
    select(tasks.id, tasks.name, tasks.note, tasks.creation_date, tasks.due_date,
           tasks.completed)
    .where(tasks.user_id == bindparam("user_id"))
    .order_by(tasks.creation_date, tasks.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
PAGE_BY_STATE = PAGE.where(tasks.completed == bindparam("completed"))


def page_of_tasks(user_id: int, completed: bool | None, page: int, per_page: int) -> list[dict]:
    """Page *page* of the account's tasks, all of them or those *completed* (or not).

    Each task is a dict that the JSON provider writes as it is: the datetimes
    are aware UTC ones (models.UTCDateTime), which orjson ends with "Z".
    """
    values = {"user_id": user_id, "limit": per_page, "offset": (page - 1) * per_page}
    if completed is None:
        result = db.session.execute(PAGE, values)
    else:
        result = db.session.execute(PAGE_BY_STATE, {**values, "completed": completed})
    # All rows in one call, then plain tuples zipped with the column names: about a
    # quarter faster than building each row and calling its _asdict().
    columns = tuple(result.keys())
    return [dict(zip(columns, row, strict=True)) for row in result.all()]
