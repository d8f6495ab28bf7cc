"""Load benchmarks of the to-do API (step 08): ``make bench``.

Serves step 08 under gunicorn (two sync workers, 127.0.0.1, a fresh SQLite
database, the production config) and drives it with wrk. In the same run a
bare Flask "Hello, world" (bench/hello_app.py) is served under the same gunicorn
settings: that is the ceiling, and every figure is also given as a share of it.
The table, with the machine and the date, goes to bench/RESULTS.md; raw wrk and
gunicorn output goes to bench/out/.

    .venv/bin/python bench/run.py                 # what `make bench` runs
    .venv/bin/python bench/run.py --duration 3    # a quick look, not for RESULTS.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

from pagination import build_app, fill_tasks  # noqa: E402  (bench/pagination.py)
from workshop.loader import find_step  # noqa: E402

STEP_DIR = find_step("08")
OUT = BENCH / "out"
WRK_SCRIPT = BENCH / "wrk.lua"
RESULTS = BENCH / "RESULTS.md"

# What gunicorn is told for both apps (step 08 also reads its gunicorn.conf.py:
# the production config and preload_app).
GUNICORN_OPTIONS = ["--workers", "2", "--worker-class", "sync"]
PASSWORD = "benchmark-password"
# Accounts whose first page of tasks is timed.
PAGE_SIZES = (100, 10_000, 100_000)
PER_PAGE = 20

# The targets of issue 7.
LIST_SHARE_TARGET = 0.50
PAGE_GROWTH_TARGET = 1.5


class BenchError(RuntimeError):
    """Something the person running the benchmark must fix or look at."""


# Servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``gunicorn APP`` in *cwd* on a free loopback port, stopped by its PID."""

    def __init__(self, app: str, cwd: Path, log: Path, env: dict[str, str] | None = None) -> None:
        self.app, self.cwd, self.log = app, cwd, log
        self.access_log = log.with_suffix(".access.log")
        self.env = {**os.environ, **(env or {})}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        # The access log counts the requests served, for the CPU time per request.
        command = [sys.executable, "-m", "gunicorn", *GUNICORN_OPTIONS,
                   "--bind", f"127.0.0.1:{self.port}", "--access-logfile", str(self.access_log),
                   self.app]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT,
            )
        self._wait_until_up()
        return self

    def _wait_until_up(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn {self.app} exited at start:\n{self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise BenchError(f"gunicorn {self.app} did not answer within {timeout} s")

    def __exit__(self, *exc_info: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the master and its workers have used so far."""
        pids = {self.process.pid}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # a process that ended while we looked
            if int(fields[1]) == self.process.pid:  # fields[1] is the parent's PID
                pids.add(int(stat.parent.name))
        ticks = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def requests_served(self) -> int:
        with self.access_log.open() as log:
            return sum(1 for _ in log)

    def problems(self) -> list[str]:
        """Lines of the server log that no benchmark may produce."""
        bad = re.compile(r"Traceback|database is locked|WORKER TIMEOUT|Error handling request")
        return [line for line in self.log.read_text().splitlines() if bad.search(line)]


# A small HTTP client for setting up accounts


def call(method: str, url: str, body: dict | None = None, token: str | None = None):
    """(status, JSON body) of one request."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    return status, json.loads(raw) if raw else None


def register_and_login(base: str, username: str) -> str:
    """Create *username* through the API and return a fresh login token."""
    status, body = call("POST", f"{base}/api/v1/accounts", {
        "username": username, "email": f"{username}@example.com", "password": PASSWORD,
    })
    if status != 201:
        raise BenchError(f"registering {username} answered {status}: {body}")
    status, body = call("POST", f"{base}/api/v1/accounts/login",
                        {"username": username, "password": PASSWORD})
    if status != 200:
        raise BenchError(f"logging in {username} answered {status}: {body}")
    return body["token"]


def add_tasks(database_url: str, username: str, count: int) -> None:
    """Give *username* *count* tasks in bulk, as bench/pagination.py builds its accounts."""
    app = build_app(database_url)
    fill_tasks(app, username, count)
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()


# wrk


@dataclass
class Figures:
    label: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    #: CPU time the server spent per request, whatever else ran on the machine.
    cpu_ms: float


def wrk(label: str, server: Gunicorn, path: str, *, duration: int, threads: int,
        connections: int, method: str = "GET", body: dict | None = None,
        token: str | None = None) -> Figures:
    """Drive *path* of *server* for *duration* seconds; every answer must be a 2xx."""
    url = server.url + path
    cpu_before, served_before = server.cpu_seconds(), server.requests_served()
    env = {**os.environ, "BENCH_METHOD": method,
           "BENCH_BODY": json.dumps(body) if body is not None else "", "BENCH_TOKEN": token or ""}
    command = ["wrk", f"--threads={threads}", f"--connections={connections}",
               f"--duration={duration}s", "--timeout=10s", f"--script={WRK_SCRIPT}", url]
    done = subprocess.run(command, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=duration + 60)
    slug = re.sub(r"\W+", "-", label.lower()).strip("-")
    with (OUT / f"wrk-{slug}.txt").open("a") as raw:
        raw.write(" ".join(command) + "\n\n" + done.stdout + done.stderr + "\n")
    match = re.search(r"^BENCH_JSON (\{.*\})$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or match is None:
        raise BenchError(f"wrk failed for {label}:\n{done.stdout}{done.stderr}")
    result = json.loads(match.group(1))
    failed = {key: result[key] for key in ("non_2xx", "connect", "read", "write", "timeout")
              if result[key]}
    if failed or not result["requests"]:
        raise BenchError(f"{label}: {failed or 'no answer'} out of {result['requests']} requests "
                         f"(see {OUT / f'wrk-{slug}.txt'})")
    settle(server)
    # Every request wrk sent, including those still queued when it stopped, but
    # not settle()'s own.
    served = server.requests_served() - served_before - 1
    figures = Figures(label, result["requests"] / (result["duration_us"] / 1e6),
                      result["p50_us"] / 1000, result["p99_us"] / 1000, result["requests"],
                      (server.cpu_seconds() - cpu_before) * 1000 / served)
    print(f"  {label:<44} {figures.requests_per_s:8.0f} req/s   "
          f"p50 {figures.p50_ms:7.2f} ms   p99 {figures.p99_ms:7.2f} ms   "
          f"CPU {figures.cpu_ms:6.2f} ms/request", flush=True)
    return figures


def settle(server: Gunicorn) -> None:
    """Wait until the server has answered what wrk left queued when it stopped.

    A sync worker answers one request at a time, so when wrk stops, requests may
    still wait in the listen queue (slow logins especially): the next scenario
    must not pay for them. One request waits behind them all.
    """
    try:
        urllib.request.urlopen(server.url + "/", timeout=60).close()
    except urllib.error.HTTPError:
        pass  # any answer will do: the queue ahead of it is empty
    time.sleep(0.5)


# The run


def machine() -> dict[str, str]:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    import sqlite3

    return {
        "cpus": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "flask": version("flask"),
        "gunicorn": version("gunicorn"),
        "sqlalchemy": version("sqlalchemy"),
        "sqlite": sqlite3.sqlite_version,
        "wrk": (wrk_version.split() or ["?", "?"])[1],
    }


def median(rounds: list[Figures]) -> Figures:
    """The round with the median throughput: one noisy round does not make the table."""
    return sorted(rounds, key=lambda f: f.requests_per_s)[len(rounds) // 2]


def step_version() -> str:
    """The last commit that changed step 08, and whether the files differ from it."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    step = str(STEP_DIR.relative_to(REPO))
    commit = git("log", "-1", "--format=%h", "--", step) or "not in git"
    changed = git("status", "--porcelain", "--", step)
    return f"{commit} (with uncommitted changes)" if changed else commit


def run(duration: int, page_duration: int, threads: int, connections: int, rounds: int) -> dict:
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("wrk-*.txt"):
        old.unlink()
    load = {"duration": duration, "threads": threads, "connections": connections}
    # One connection at a time: the page figures are the time one request takes.
    single = {"duration": page_duration, "threads": 1, "connections": 1}
    results: dict = {"date": datetime.now(UTC), "machine": machine(), "step": step_version(),
                     "load": load,
                     "page_load": single, "rounds": rounds, "loadavg_before": os.getloadavg()[0]}

    with tempfile.TemporaryDirectory(prefix="todo-bench-") as tmp:
        database_url = f"sqlite:///{Path(tmp) / 'todo.sqlite'}"
        env = {"SECRET_KEY": "benchmark-secret-not-for-production", "DATABASE_URL": database_url,
               "TODO_CONFIG": "production"}
        with (
            Gunicorn("hello_app:app", BENCH, OUT / "gunicorn-hello.log") as hello,
            Gunicorn("todo:create_app()", STEP_DIR, OUT / "gunicorn-todo.log", env) as todo,
        ):
            print(f"Setting up accounts in step 08 ({STEP_DIR.relative_to(REPO)}) on SQLite",
                  flush=True)
            api = f"{todo.url}/api/v1/accounts"
            reader = register_and_login(todo.url, "reader")
            for n in range(20):
                status, body = call("POST", f"{api}/reader/tasks", {"name": f"Task {n}"}, reader)
                if status != 201:
                    raise BenchError(f"creating a task answered {status}: {body}")
            writer = register_and_login(todo.url, "writer")
            tokens = {size: register_and_login(todo.url, f"page{size}") for size in PAGE_SIZES}
            for size in PAGE_SIZES:
                add_tasks(database_url, f"page{size}", size)
            last = PAGE_SIZES[-1] // PER_PAGE

            # (key, label, server, path, wrk options): each round runs them all, in order.
            accounts = "/api/v1/accounts"
            scenarios = [
                ("ceiling", "Ceiling: Flask hello world", hello, "/", load),
                ("list", "Authenticated task list (20 tasks)", todo, f"{accounts}/reader/tasks",
                 {**load, "token": reader}),
                ("create", "Task creation", todo, f"{accounts}/writer/tasks",
                 {**load, "token": writer, "method": "POST",
                  "body": {"name": "Water the plants", "note": "Twice a week"}}),
                ("login", "Login", todo, f"{accounts}/login",
                 {**load, "method": "POST", "body": {"username": "reader", "password": PASSWORD}}),
                *[(size, f"First page, {size} tasks", todo, f"{accounts}/page{size}/tasks",
                   {**single, "token": tokens[size]}) for size in PAGE_SIZES],
                ("last_page", f"Last page (page={last}), {PAGE_SIZES[-1]} tasks", todo,
                 f"{accounts}/page{PAGE_SIZES[-1]}/tasks?page={last}",
                 {**single, "token": tokens[PAGE_SIZES[-1]]}),
            ]
            measured: dict = {key: [] for key, *_ in scenarios}
            for n in range(1, rounds + 1):
                print(f"Round {n} of {rounds}", flush=True)
                for key, label, server, path, options in scenarios:
                    measured[key].append(wrk(label, server, path, **options))
            problems = hello.problems() + todo.problems()

    results["all_rounds"] = measured
    results["cpu_ms"] = {key: statistics.median(f.cpu_ms for f in rounds)
                         for key, rounds in measured.items()}
    for key in ("ceiling", "list", "create", "login", "last_page"):
        results[key] = median(measured[key])
    results["pages"] = {size: median(measured[size]) for size in PAGE_SIZES}
    results["loadavg_after"] = os.getloadavg()[0]
    if problems:
        raise BenchError("the server logged errors (see bench/out/):\n" + "\n".join(problems))
    return results


# RESULTS.md


def verdict(met: bool) -> str:
    return "**met**" if met else "**missed**"


def report(results: dict) -> str:
    m, load, single = results["machine"], results["load"], results["page_load"]
    cpu = results["cpu_ms"]
    ceiling = results["ceiling"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); how it works and how to read it: "
        "[README.md](README.md).",
        "",
        f"- Date: {results['date']:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {m['cpus']} CPUs ({m['cpu']}), {m['os']}",
        f"- Software: Python {m['python']}, Flask {m['flask']}, gunicorn {m['gunicorn']}, "
        f"SQLAlchemy {m['sqlalchemy']}, SQLite {m['sqlite']}, wrk {m['wrk']}",
        f"- Server: `gunicorn {' '.join(GUNICORN_OPTIONS)}` on 127.0.0.1, step 08 (commit "
        f"{results['step']}) with its production config on a fresh SQLite file (WAL)",
        f"- Load: `wrk --threads {load['threads']} --connections {load['connections']} "
        f"--duration {load['duration']}s` per scenario, on the same machine as the server; "
        f"{results['rounds']} rounds of every scenario. Requests/s, p50 and p99 are those of "
        "the round with the median requests/s; CPU per request is the median of the rounds",
        f"- Load average (1 min) just before the run: {results['loadavg_before']:.2f}, "
        f"just after: {results['loadavg_after']:.2f} (on {m['cpus']} CPUs; anything above "
        "about 1 means other programs took CPU time from the benchmark, which lowers "
        "requests/s and raises latencies, but not the CPU time per request)",
        "",
        "## Throughput and latency",
        "",
        "| Scenario | Requests/s | p50 | p99 | Share of the ceiling | Server CPU per request "
        "| Share of the ceiling, by CPU |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for key in ("ceiling", "list", "create", "login"):
        f = results[key]
        lines.append(f"| {f.label} | {f.requests_per_s:,.0f} | {f.p50_ms:.1f} ms | "
                     f"{f.p99_ms:.1f} ms | {f.requests_per_s / ceiling.requests_per_s:.0%} | "
                     f"{cpu[key]:.2f} ms | {cpu['ceiling'] / cpu[key]:.0%} |")
    pages = results["pages"]
    first = PAGE_SIZES[0]
    lines += [
        "",
        "## One page of tasks as the account grows",
        "",
        f"`GET /api/v1/accounts/<username>/tasks` ({PER_PAGE} tasks a page), one request at a "
        f"time (`wrk --threads 1 --connections 1 --duration {single['duration']}s`).",
        "",
        f"| Tasks in the account | p50 | p99 | p50 against {first} tasks | "
        f"Server CPU per request | CPU against {first} tasks |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    last = f"{PAGE_SIZES[-1]:,}".replace(",", " ")
    for key, f in [*pages.items(), ("last_page", results["last_page"])]:
        name = (f"{last}, last page (`?page={PAGE_SIZES[-1] // PER_PAGE}`)" if key == "last_page"
                else f"{key:,}".replace(",", " "))
        lines.append(f"| {name} | {f.p50_ms:.2f} ms | {f.p99_ms:.2f} ms | "
                     f"{f.p50_ms / pages[first].p50_ms:.2f}× | {cpu[key]:.2f} ms | "
                     f"{cpu[key] / cpu[first]:.2f}× |")
    list_share = results["list"].requests_per_s / ceiling.requests_per_s
    list_share_cpu = cpu["ceiling"] / cpu["list"]
    growth = pages[PAGE_SIZES[-1]].p50_ms / pages[first].p50_ms
    growth_cpu = cpu[PAGE_SIZES[-1]] / cpu[first]
    lines += [
        "",
        "## Targets",
        "",
        f"- Authenticated task list at ≥ {LIST_SHARE_TARGET:.0%} of the ceiling: "
        f"{verdict(list_share >= LIST_SHARE_TARGET)} by requests/s ({list_share:.0%}), "
        f"{verdict(list_share_cpu >= LIST_SHARE_TARGET)} by CPU per request ({list_share_cpu:.0%}).",
        f"- First page at {last} tasks within {PAGE_GROWTH_TARGET}× of the page at "
        f"{first}: {verdict(growth <= PAGE_GROWTH_TARGET)} by p50 ({growth:.2f}×), "
        f"{verdict(growth_cpu <= PAGE_GROWTH_TARGET)} by CPU per request ({growth_cpu:.2f}×).",
        "",
        "## Every round",
        "",
        "Requests/s (and server CPU per request) of each round, in the order they ran; raw "
        "wrk output and server logs are in bench/out/.",
        "",
        "| Scenario | " + " | ".join(f"Round {n}" for n in range(1, results["rounds"] + 1)) + " |",
        "|---|" + "--:|" * results["rounds"],
    ]
    for rounds in results["all_rounds"].values():
        lines.append(f"| {rounds[0].label} | " + " | ".join(
            f"{f.requests_per_s:,.0f} ({f.cpu_ms:.2f} ms)" for f in rounds) + " |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per load scenario")
    parser.add_argument("--page-duration", type=int, default=5, help="seconds per page size")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times each scenario runs (the table shows the median round)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where the table goes")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed. On Debian or Ubuntu: sudo apt-get install wrk", file=sys.stderr)
        return 2
    try:
        results = run(args.duration, args.page_duration, args.threads, args.connections,
                      args.rounds)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    args.output.write_text(report(results))
    print(f"Wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
