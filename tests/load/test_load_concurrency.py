"""Two gunicorn workers, eight clients writing at once: every task is stored, once.

Run against SQLite (WAL and a busy timeout let the two worker processes take
turns writing) and against PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import Engine, text

THREADS = 8
TASKS_PER_THREAD = 20
TOTAL = THREADS * TASKS_PER_THREAD
PASSWORD = "concurrent-writes"


def log_in(base: str) -> dict[str, str]:
    """Register ada and log her in; the Authorization header for her token."""
    account = {"username": "ada", "email": "ada@example.com", "password": PASSWORD}
    created = requests.post(f"{base}/api/v1/accounts", json=account, timeout=30)
    assert created.status_code == 201, created.text
    login = requests.post(f"{base}/api/v1/accounts/login",
                          json={"username": "ada", "password": PASSWORD}, timeout=30)
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['token']}"}


def create_tasks(base: str, headers: dict[str, str], client: int) -> list[requests.Response]:
    """One client: TASKS_PER_THREAD POSTs over one keep-alive session."""
    with requests.Session() as session:
        session.headers.update(headers)
        return [
            session.post(f"{base}/api/v1/accounts/ada/tasks",
                         json={"name": f"Task {n} of client {client}"}, timeout=30)
            for n in range(TASKS_PER_THREAD)
        ]


def count_rows(engine: Engine) -> int:
    """COUNT(*) of the tasks table, asked of the database itself."""
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM tasks")).scalar_one()


def test_concurrent_task_creation_stores_every_task_once(gunicorn):
    base = gunicorn.url
    headers = log_in(base)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        batches = pool.map(lambda client: create_tasks(base, headers, client), range(THREADS))
        responses = [response for batch in batches for response in batch]

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {201: TOTAL}, f"statuses {dict(statuses)}; server log:\n{gunicorn.log_text()}"
    created_ids = {response.json()["id"] for response in responses}
    assert len(created_ids) == TOTAL

    # The API lists exactly those tasks...
    listed_ids: set[int] = set()
    for page in range(1, TOTAL // 100 + 2):
        listing = requests.get(f"{base}/api/v1/accounts/ada/tasks",
                               params={"page": page, "per_page": 100}, headers=headers, timeout=30)
        assert listing.status_code == 200
        assert listing.json()["total"] == TOTAL
        listed_ids.update(task["id"] for task in listing.json()["tasks"])
    assert listed_ids == created_ids
    # ...and the database holds exactly that many rows.
    assert count_rows(gunicorn.engine) == TOTAL

    log = gunicorn.log_text()
    assert "database is locked" not in log
    assert "Traceback" not in log
