"""The statements of the hot paths, built once, when the app is imported.

``select(...).where(...)`` in a view builds a new statement on every request,
and SQLAlchemy then walks it to compute the key under which it cached the SQL.
Built once, with ``bindparam()`` placeholders where the values go, a statement
costs neither: each request only hands over the values.
"""

from sqlalchemy import bindparam, select

from .models import Task, Token, User, db

# The owner of an unexpired token, found by the token's hash.
TOKEN_OWNER = (
    select(User)
    .join(Token)
    .where(Token.token_hash == bindparam("token_hash"), Token.expires_at > bindparam("now"))
)

# One page of an account's tasks, oldest first, read straight off the
# (user_id, creation_date, id) index; and the same for ?completed=true|false.
PAGE = (
    select(Task)
    .where(Task.user_id == bindparam("user_id"))
    .order_by(Task.creation_date, Task.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
PAGE_BY_STATE = PAGE.where(Task.completed == bindparam("completed"))


def page_of_tasks(user_id: int, completed: bool | None, page: int, per_page: int) -> list[Task]:
    """Page *page* of the account's tasks, all of them or those *completed* (or not)."""
    values = {"user_id": user_id, "limit": per_page, "offset": (page - 1) * per_page}
    if completed is None:
        return db.session.scalars(PAGE, values).all()
    return db.session.scalars(PAGE_BY_STATE, {**values, "completed": completed}).all()
