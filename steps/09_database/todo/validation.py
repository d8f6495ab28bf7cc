"""Reading and checking what clients send."""
# Every check names the field it is about, so that a client gets one 400 that
# lists all of its mistakes at once.

from datetime import UTC, datetime
from typing import Any

from flask import abort, request

from .errors import ValidationError

NAME_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2000
PER_PAGE_MAX = 100
# Ids and page numbers are 32-bit integers in the database.
INT_MAX = 2**31 - 1


def json_body() -> dict[str, Any]:
    """The request's JSON object: 415 if the body is not JSON, 400 if it is not an object."""
    if not request.is_json:
        abort(415, "Send JSON, with Content-Type: application/json.")
    try:
        data = request.get_json(silent=True)  # None if the JSON is broken
    except RecursionError:  # [[[[…]]]] nested deeper than Python's json module goes
        data = None
    if not isinstance(data, dict):
        abort(400, 'The body must be a JSON object, like {"name": "…"}.')
    return data


def is_text(value: Any, max_length: int, min_length: int = 0) -> bool:
    r"""A string of the right length that a database can store."""
    # JSON allows "\u0000" and lone surrogates like "\ud800"; PostgreSQL cannot
    # store the first and UTF-8 cannot encode the second, so both are refused here.
    if not isinstance(value, str) or not min_length <= len(value) <= max_length:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def check_keys(data: dict, allowed: set[str], required: set[str] = frozenset()) -> dict[str, str]:
    """Messages for missing and unknown fields (an unknown one is most often a typo)."""
    problems = {key: "is required" for key in sorted(required - data.keys())}
    for key in sorted(data.keys() - allowed):
        problems[key] = "is not a known field"
    return problems


def task_fields(data: dict, partial: bool = False) -> dict[str, Any]:
    """The task fields of a POST (name required) or PUT (any of them), cleaned."""
    allowed = {"name", "note", "due_date", "completed"}
    problems = check_keys(data, allowed, set() if partial else {"name"})
    fields: dict[str, Any] = {}
    if "name" in data:
        name = data["name"]
        if not is_text(name, NAME_MAX_LENGTH) or not name.strip():
            problems["name"] = f"must be a text of 1 to {NAME_MAX_LENGTH} characters"
        else:
            fields["name"] = name.strip()
    if "note" in data:
        note = data["note"]
        if note is not None and not is_text(note, NOTE_MAX_LENGTH):
            problems["note"] = f"must be a text of at most {NOTE_MAX_LENGTH} characters, or null"
        else:
            fields["note"] = note
    if "due_date" in data:
        try:
            fields["due_date"] = parse_datetime(data["due_date"])
        except (ValueError, OverflowError):  # OverflowError: year 9999 plus an offset
            problems["due_date"] = "must be an ISO 8601 date and time, like 2026-05-01T09:30:00Z, or null"
    if "completed" in data:
        if not isinstance(data["completed"], bool):
            problems["completed"] = "must be true or false"
        else:
            fields["completed"] = data["completed"]
    if problems:
        raise ValidationError(problems)
    return fields


def parse_datetime(value: Any) -> datetime | None:
    """An aware UTC datetime from ISO 8601 text; a value without an offset is UTC."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not a string")
    parsed = datetime.fromisoformat(value)  # also accepts a Z, since Python 3.11
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def page_args() -> tuple[int, int, bool | None]:
    """?page, ?per_page and ?completed of a list request, checked."""
    # ``type=int`` turns ``?page=3`` into 3, and ``?page=abc`` into the default.
    page = request.args.get("page", 1, type=int)
    per_page = request.args.get("per_page", 20, type=int)
    completed = request.args.get("completed")
    problems = {}
    if not 1 <= page <= INT_MAX:
        problems["page"] = "must be a whole number from 1"
    if not 1 <= per_page <= PER_PAGE_MAX:
        problems["per_page"] = f"must be a whole number from 1 to {PER_PAGE_MAX}"
    if completed not in (None, "true", "false"):
        problems["completed"] = "must be true or false"
    if problems:
        raise ValidationError(problems, "Some query parameters are not valid.")
    return page, per_page, None if completed is None else completed == "true"
