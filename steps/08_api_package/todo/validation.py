"""Reading and checking what clients send."""
# Every check names the field it is about, so that a client gets one 400 that
# lists all of its mistakes at once.

from typing import Any

from flask import abort, request

from .errors import ValidationError

NAME_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2000


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


def check_keys(data: dict, allowed: set[str], required: set[str] = frozenset()) -> dict[str, str]:
    """Messages for missing and unknown fields (an unknown one is most often a typo)."""
    problems = {key: "is required" for key in sorted(required - data.keys())}
    for key in sorted(data.keys() - allowed):
        problems[key] = "is not a known field"
    return problems


def task_fields(data: dict, partial: bool = False) -> dict[str, Any]:
    """The task fields of a POST (name required) or PUT (any of them), cleaned."""
    allowed = {"name", "note", "completed"}
    problems = check_keys(data, allowed, set() if partial else {"name"})
    fields: dict[str, Any] = {}
    if "name" in data:
        name = data["name"]
        if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX_LENGTH:
            problems["name"] = f"must be a text of 1 to {NAME_MAX_LENGTH} characters"
        else:
            fields["name"] = name.strip()
    if "note" in data:
        note = data["note"]
        if note is not None and not (isinstance(note, str) and len(note) <= NOTE_MAX_LENGTH):
            problems["note"] = f"must be a text of at most {NOTE_MAX_LENGTH} characters, or null"
        else:
            fields["note"] = note
    if "completed" in data:
        if not isinstance(data["completed"], bool):
            problems["completed"] = "must be true or false"
        else:
            fields["completed"] = data["completed"]
    if problems:
        raise ValidationError(problems)
    return fields
