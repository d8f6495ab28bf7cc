"""How one page of tasks and one token check cost as an account grows (steps 11 and 12).

A maintainers' script, not a test:

    .venv/bin/python bench/pagination.py                  # SQLite, 100 / 10 000 / 100 000 tasks
    .venv/bin/python bench/pagination.py --postgres       # also on a throwaway PostgreSQL
    .venv/bin/python bench/pagination.py --steps 12 --sizes 100 1000 --repeat 20
    .venv/bin/python bench/pagination.py --profile        # where a list request's time goes

For each size it builds an account holding that many tasks (bulk inserts, a third
of them completed), then times, through Flask's test client, the median of
``--repeat`` requests for the first page, the first page of ``?completed=false``
and the last page, and counts the SQL statements one request runs (the same
count at every size means no N+1 queries). Step 11 COUNTs the account's tasks
for ``total`` (db.paginate); step 12 keeps the counts on the user's row. It also
times checking a token on its own, and shows the query plans, which must use the
indexes. ``--profile`` runs cProfile over list requests of a 20-task account
through the test client and prints the functions that took the most time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import event, insert, select, text, update  # noqa: E402

from workshop.loader import find_step, load_app  # noqa: E402

PASSWORD = "benchmark-password"


def build_app(database_url: str, step_dir: Path):
    """The step's app on *database_url*, with fast password hashing (logins are not timed)."""
    return load_app(step_dir, config="testing", SQLALCHEMY_DATABASE_URI=database_url)


def create_account(client, username: str) -> dict[str, str]:
    """Register *username* and log in; the Authorization header."""
    client.post("/api/v1/accounts", json={
        "username": username, "email": f"{username}@example.com", "password": PASSWORD})
    response = client.post("/api/v1/accounts/login",
                           json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json['token']}"}


def fill_tasks(app, username: str, count: int, batch: int = 10_000) -> None:
    """Give *username* *count* more tasks, oldest first, every third one completed."""
    package = sys.modules[app.import_name + ".models"]
    Task, User, db = package.Task, package.User, package.db
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
        for first in range(0, count, batch):
            rows = [
                {"user_id": user_id, "name": f"task {n}", "note": None,
                 "creation_date": start + timedelta(seconds=n), "completed": n % 3 == 0}
                for n in range(first, min(first + batch, count))
            ]
            db.session.execute(insert(Task), rows)
        if hasattr(User, "task_count"):
            # Step 12 keeps these counts with every change; a bulk insert must too.
            db.session.execute(
                update(User)
                .where(User.id == user_id)
                .values(task_count=User.task_count + count,
                        completed_count=User.completed_count + len(range(0, count, 3)))
            )
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()


def median_ms(action, repeat: int) -> float:
    action()  # warm up: compile the statements once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def count_statements(app, action) -> int:
    engine = app.extensions["sqlalchemy"]
    with app.app_context():
        engine = engine.engine
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def query_plans(app, headers: dict[str, str]) -> list[str]:
    """The plans of the token lookup and of one page, as the database reports them."""
    package = sys.modules[app.import_name + ".models"]
    db = package.db
    token_hash = sys.modules[app.import_name + ".auth"].hash_token(
        headers["Authorization"].split()[1])
    with app.app_context():
        dialect = db.engine.dialect.name
        explain = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
        queries = {
            "token check": (
                "SELECT users.* FROM users JOIN tokens ON users.id = tokens.user_id "
                "WHERE tokens.token_hash = :h AND tokens.expires_at > :now",
                {"h": token_hash, "now": datetime.now(UTC).replace(tzinfo=None)},
            ),
            "one page": (
                "SELECT * FROM tasks WHERE user_id = 3 ORDER BY creation_date, id LIMIT 20",
                {},
            ),
        }
        lines = []
        for name, (sql, params) in queries.items():
            rows = db.session.execute(text(explain + sql), params).all()
            plan = "; ".join(str(row[-1]) for row in rows)
            lines.append(f"  {name}: {plan}")
        return lines


def run(step_dir: Path, database_url: str, sizes: list[int], repeat: int) -> None:
    app = build_app(database_url, step_dir)
    client = app.test_client()
    with app.app_context():
        name = app.extensions["sqlalchemy"].engine.dialect.name
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"{step_dir.name} on {name}  (median of {repeat} requests, milliseconds; "
          f"load average {load})")
    print(f"{'tasks':>8}  {'page 1':>7}  {'not done':>8}  {'last page':>9}  {'statements':>10}")
    token_headers = None
    for index, size in enumerate(sizes):
        username = f"user{index}"
        headers = create_account(client, username)
        started = time.perf_counter()
        fill_tasks(app, username, size)
        built = time.perf_counter() - started
        url = f"/api/v1/accounts/{username}/tasks"
        last = max(1, -(-size // 20))

        def page(query: str = "", url: str = url, headers: dict = headers) -> None:
            response = client.get(url + query, headers=headers)
            assert response.status_code == 200, response.json

        first = median_ms(page, repeat)
        not_done = median_ms(lambda: page("?completed=false"), repeat)
        last_page = median_ms(lambda last=last: page(f"?page={last}"), repeat)
        statements = count_statements(app, page)
        print(f"{size:>8}  {first:>7.2f}  {not_done:>8.2f}  {last_page:>9.2f}  {statements:>10}"
              f"   (built in {built:.1f} s)")
        token_headers = headers

    # A token check on its own: the lookup the @login_required decorator makes.
    auth = sys.modules[app.import_name + ".auth"]
    token = token_headers["Authorization"].split()[1]
    with app.test_request_context():
        check = median_ms(lambda: auth.user_for_token(token), repeat * 10)
        wrong = median_ms(lambda: auth.user_for_token("not-a-token"), repeat * 10)
    profile = median_ms(lambda: client.get(f"/api/v1/accounts/user{len(sizes) - 1}",
                                           headers=token_headers), repeat)
    print(f"Token check: {check:.3f} ms (valid), {wrong:.3f} ms (unknown); "
          f"a whole authenticated GET of a profile: {profile:.2f} ms")
    print("Query plans:")
    print("\n".join(query_plans(app, token_headers)))
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()


def profile(step_dir: Path, database_url: str, requests: int = 1000, lines: int = 30) -> None:
    """cProfile over *requests* list requests of an account with 20 tasks."""
    app = build_app(database_url, step_dir)
    client = app.test_client()
    headers = create_account(client, "reader")
    for n in range(20):
        client.post("/api/v1/accounts/reader/tasks", json={"name": f"Task {n}"}, headers=headers)

    def list_tasks() -> None:
        for _ in range(requests):
            response = client.get("/api/v1/accounts/reader/tasks", headers=headers)
            assert response.status_code == 200, response.json

    list_tasks()  # warm up
    started = time.process_time()
    list_tasks()
    cpu_ms = (time.process_time() - started) * 1000 / requests
    print(f"{step_dir.name}: {cpu_ms:.2f} ms of CPU per list request through the test client")
    profiler = cProfile.Profile()
    profiler.runcall(list_tasks)
    pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(lines)
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", nargs="+", default=["11", "12"], help="steps to measure")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=50, help="requests timed per figure")
    parser.add_argument("--postgres", action="store_true",
                        help="also run on a throwaway PostgreSQL cluster (workshop/pgcluster.py)")
    parser.add_argument("--profile", action="store_true",
                        help="instead: profile list requests of a 20-task account (SQLite)")
    args = parser.parse_args()

    for step_dir in map(find_step, args.steps):
        with tempfile.TemporaryDirectory(prefix="bench-pagination-") as folder:
            if args.profile:
                profile(step_dir, f"sqlite:///{folder}/bench.sqlite")
                continue
            run(step_dir, f"sqlite:///{folder}/bench.sqlite", args.sizes, args.repeat)
        if args.postgres and not args.profile:
            from workshop.pgcluster import PostgresCluster, PostgresUnavailable

            try:
                with PostgresCluster() as cluster:
                    run(step_dir, cluster.create_database("bench"), args.sizes, args.repeat)
            except PostgresUnavailable as error:
                sys.exit(f"PostgreSQL: {error}")


if __name__ == "__main__":
    main()
