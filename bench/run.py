"""Load benchmarks of the to-do API, step 11 against step 12: ``make bench``.

Serves three apps side by side under gunicorn (two sync workers each, 127.0.0.1):
a bare Flask "Hello, world" (bench/hello_app.py), the ceiling; step 11, the plain
API; step 12, the same API tuned. Each step has its own fresh SQLite database and
its production config. wrk drives every scenario of every app in turns, so the
three are measured in the same minutes, under the same load; every figure is also
given as a share of the ceiling. The table, with the machine and the date, goes to
bench/RESULTS.md; raw wrk and gunicorn output goes to bench/out/.

    .venv/bin/python bench/run.py                 # what `make bench` runs
    .venv/bin/python bench/run.py --duration 3 --rounds 1 --output /tmp/r.md  # a quick look
    .venv/bin/python bench/run.py --changes       # step 12 at each of its commits, side by side
"""

from __future__ import annotations

import argparse
import contextlib
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
from workshop.ports import free_port  # noqa: E402

#: The steps compared: the plain API and the tuned one.
STEPS = {"11": find_step("11"), "12": find_step("12")}
OUT = BENCH / "out"
WRK_SCRIPT = BENCH / "wrk.lua"
RESULTS = BENCH / "RESULTS.md"

# What gunicorn is told for every app (the steps also read their gunicorn.conf.py:
# the production config and preload_app).
GUNICORN_OPTIONS = ["--workers", "2", "--worker-class", "sync"]
PASSWORD = "benchmark-password"
# Accounts whose first page of tasks is timed.
PAGE_SIZES = (100, 10_000, 100_000)
PER_PAGE = 20

# The targets of step 12 (issue 13).
LIST_SHARE_TARGET = 0.50
PAGE_GROWTH_TARGET = 1.5


class BenchError(RuntimeError):
    """Something the person running the benchmark must fix or look at."""


# Servers


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
        try:
            self._wait_until_up()
        except BaseException:  # Ctrl-C too: a server we started is one we stop
            self.__exit__()
            raise
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


def add_tasks(step_dir: Path, database_url: str, username: str, count: int) -> None:
    """Give *username* *count* tasks in bulk, as bench/pagination.py builds its accounts."""
    app = build_app(database_url, step_dir)
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
    # Any answer will do, an error status too: the queue ahead of it is empty.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(server.url + "/", timeout=60).close()
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


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
    return done.stdout.strip()


def step_version(step_dir: Path) -> str:
    """The last commit that changed *step_dir*, and whether the files differ from it."""
    # The code, not the README: a change to the prose does not change the figures.
    code = [str(step_dir.relative_to(REPO) / name) for name in ("todo", "gunicorn.conf.py")]
    commit = git("log", "-1", "--format=%h", "--", *code) or "not in git"
    changed = git("status", "--porcelain", "--", *code)
    return f"{commit} (with uncommitted changes)" if changed else commit


def step_server(name: str, step_dir: Path, tmp: Path) -> tuple[Gunicorn, str]:
    """gunicorn serving *step_dir* as its README says, on a fresh SQLite file; and that URL."""
    database_url = f"sqlite:///{tmp / f'{name}.sqlite'}"
    env = {"SECRET_KEY": "benchmark-secret-not-for-production", "DATABASE_URL": database_url,
           "TODO_CONFIG": "production",
           # wrk logs in thousands of times a minute from one address: the limits still
           # count every request (their cost is measured), they just never refuse one.
           "LOGIN_RATE_LIMIT": "1000000/minute", "SIGNUP_RATE_LIMIT": "1000000/minute"}
    return Gunicorn("todo:create_app()", step_dir, OUT / f"gunicorn-{name}.log", env), database_url


def list_and_create(label: str, server: Gunicorn, load: dict) -> list[tuple]:
    """Accounts for the list and creation scenarios, and those scenarios."""
    api = "/api/v1/accounts"
    reader = register_and_login(server.url, "reader")
    for n in range(20):
        status, body = call("POST", f"{server.url}{api}/reader/tasks", {"name": f"Task {n}"},
                            reader)
        if status != 201:
            raise BenchError(f"creating a task answered {status}: {body}")
    writer = register_and_login(server.url, "writer")
    return [
        ("list", f"{label}: authenticated task list (20 tasks)", server, f"{api}/reader/tasks",
         {**load, "token": reader}),
        ("create", f"{label}: task creation", server, f"{api}/writer/tasks",
         {**load, "token": writer, "method": "POST",
          "body": {"name": "Water the plants", "note": "Twice a week"}}),
    ]


def step_scenarios(label: str, step_dir: Path, server: Gunicorn, database_url: str,
                   load: dict, single: dict) -> list[tuple]:
    """Set up the accounts of one step; its scenarios as (key, label, server, path, options)."""
    print(f"Setting up accounts in {label} ({step_dir.relative_to(REPO)}) on SQLite", flush=True)
    api = "/api/v1/accounts"
    scenarios = list_and_create(label, server, load)
    tokens = {size: register_and_login(server.url, f"page{size}") for size in PAGE_SIZES}
    for size in PAGE_SIZES:
        add_tasks(step_dir, database_url, f"page{size}", size)
    last = PAGE_SIZES[-1] // PER_PAGE
    return [
        *scenarios,
        ("login", f"{label}: login", server, f"{api}/login",
         {**load, "method": "POST", "body": {"username": "reader", "password": PASSWORD}}),
        *[(size, f"{label}: first page, {size} tasks", server, f"{api}/page{size}/tasks",
           {**single, "token": tokens[size]}) for size in PAGE_SIZES],
        ("last_page", f"{label}: last page (page={last}), {PAGE_SIZES[-1]} tasks", server,
         f"{api}/page{PAGE_SIZES[-1]}/tasks?page={last}",
         {**single, "token": tokens[PAGE_SIZES[-1]]}),
    ]


def run_rounds(scenarios: list[tuple], rounds: int) -> dict:
    """Every scenario, *rounds* times, in turns; the figures of each, by (app, key)."""
    measured: dict = {(app, key): [] for app, key, *_ in scenarios}
    for n in range(1, rounds + 1):
        print(f"Round {n} of {rounds}", flush=True)
        for app, key, label, server, path, options in scenarios:
            measured[app, key].append(wrk(label, server, path, **options))
    return measured


def summarise(results: dict, measured: dict) -> None:
    results["all_rounds"] = measured
    results["cpu_ms"] = {key: statistics.median(f.cpu_ms for f in rounds)
                         for key, rounds in measured.items()}
    results["median"] = {key: median(rounds) for key, rounds in measured.items()}
    results["loadavg_after"] = os.getloadavg()[0]


def run(duration: int, page_duration: int, threads: int, connections: int, rounds: int) -> dict:
    load = {"duration": duration, "threads": threads, "connections": connections}
    # One connection at a time: the page figures are the time one request takes.
    single = {"duration": page_duration, "threads": 1, "connections": 1}
    results: dict = {"date": datetime.now(UTC), "machine": machine(),
                     "steps": {name: step_version(path) for name, path in STEPS.items()},
                     "load": load, "page_load": single, "rounds": rounds,
                     "loadavg_before": os.getloadavg()[0]}

    with tempfile.TemporaryDirectory(prefix="todo-bench-") as folder:
        tmp = Path(folder)
        (server11, url11), (server12, url12) = (step_server(f"step{name}", path, tmp)
                                                for name, path in STEPS.items())
        with (
            Gunicorn("hello_app:app", BENCH, OUT / "gunicorn-hello.log") as hello,
            server11 as step11,
            server12 as step12,
        ):
            # (app, key, label, server, path, wrk options): each round runs them all, in order.
            scenarios = [("hello", "ceiling", "Ceiling: Flask hello world", hello, "/", load)]
            for name, server, url in (("11", step11, url11), ("12", step12, url12)):
                scenarios += [(name, *scenario) for scenario in step_scenarios(
                    f"Step {name}", STEPS[name], server, url, load, single)]
            measured = run_rounds(scenarios, rounds)
            problems = hello.problems() + step11.problems() + step12.problems()
    summarise(results, measured)
    if problems:
        raise BenchError("the servers logged errors (see bench/out/):\n" + "\n".join(problems))
    return results


def run_changes(duration: int, page_duration: int, threads: int, connections: int,
                rounds: int) -> dict:
    """Step 11, then step 12 as it was at each of its changes, side by side in one run.

    Step 12 started as a copy of step 11; each commit named "Step 12, change N"
    makes one change, so each row's gain is over the row before it.
    """
    load = {"duration": duration, "threads": threads, "connections": connections}
    single = {"duration": page_duration, "threads": 1, "connections": 1}
    step = STEPS["12"].relative_to(REPO)
    log = git("log", "--reverse", "--format=%h %s", "--", f"{step}/todo").splitlines()
    changes = [line.split(" ", 1) for line in log if re.match(r"\w+ Step 12, change \d+", line)]
    results: dict = {"date": datetime.now(UTC), "machine": machine(), "load": load,
                     "rounds": rounds, "loadavg_before": os.getloadavg()[0],
                     "commits": [["11", "Step 11, where step 12 starts"], *changes]}
    with (tempfile.TemporaryDirectory(prefix="todo-bench-") as folder,
          contextlib.ExitStack() as stack):
        tmp = Path(folder)
        hello = stack.enter_context(Gunicorn("hello_app:app", BENCH, OUT / "gunicorn-hello.log"))
        scenarios = [("hello", "ceiling", "Ceiling: Flask hello world", hello, "/", load)]
        servers = [hello]
        for commit, _subject in results["commits"]:
            if commit == "11":
                step_dir = STEPS["11"]
            else:  # the step's files at that commit, in a folder of their own
                archive = subprocess.run(["git", "archive", commit, str(step)], cwd=REPO,
                                         capture_output=True, check=True).stdout
                (tmp / commit).mkdir()
                subprocess.run(["tar", "-x", "-C", str(tmp / commit)], input=archive, check=True)
                step_dir = tmp / commit / step
            server, url = step_server(f"changes-{commit}", step_dir, tmp)
            servers.append(stack.enter_context(server))
            label = "Step 11" if commit == "11" else f"Step 12 at {commit}"
            print(f"Setting up accounts in {label}", flush=True)
            scenarios += [(commit, *scenario) for scenario in list_and_create(label, server, load)]
            # And the first page of the biggest account, one request at a time.
            big = PAGE_SIZES[-1]
            token = register_and_login(server.url, "big")
            add_tasks(step_dir, url, "big", big)
            scenarios.append((commit, "big", f"{label}: first page, {big} tasks", server,
                              "/api/v1/accounts/big/tasks", {**single, "token": token}))
        measured = run_rounds(scenarios, rounds)
        problems = [line for server in servers for line in server.problems()]
    summarise(results, measured)
    if problems:
        raise BenchError("the servers logged errors (see bench/out/):\n" + "\n".join(problems))
    return results


# RESULTS.md


def spaced(number: int) -> str:
    """100 000, as the tables write numbers."""
    return f"{number:,}".replace(",", " ")


def verdict(met: bool) -> str:
    return "**met**" if met else "**missed**"


def header(results: dict, server: str) -> list[str]:
    m, load = results["machine"], results["load"]
    return [
        f"- Date: {results['date']:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {m['cpus']} CPUs ({m['cpu']}), {m['os']}",
        f"- Software: Python {m['python']}, Flask {m['flask']}, gunicorn {m['gunicorn']}, "
        f"SQLAlchemy {m['sqlalchemy']}, SQLite {m['sqlite']}, wrk {m['wrk']}",
        f"- Servers: `gunicorn {' '.join(GUNICORN_OPTIONS)}` on 127.0.0.1 for each app; {server}",
        f"- Load: `wrk --threads {load['threads']} --connections {load['connections']} "
        f"--duration {load['duration']}s` per scenario, on the same machine as the servers; "
        f"{results['rounds']} rounds of every scenario, the apps in turns. Requests/s, p50 and "
        "p99 are those of the round with the median requests/s; CPU per request is the median "
        "of the rounds",
        f"- Load average (1 min) just before the run: {results['loadavg_before']:.2f}, "
        f"just after: {results['loadavg_after']:.2f} (on {m['cpus']} CPUs; anything above "
        "about 1 means other programs took CPU time from the benchmark, which lowers "
        "requests/s and raises latencies, but not the CPU time per request)",
    ]


def throughput_rows(results: dict, keys: list[tuple]) -> list[str]:
    cpu, figures = results["cpu_ms"], results["median"]
    ceiling, ceiling_cpu = figures["hello", "ceiling"], cpu["hello", "ceiling"]
    lines = [
        "| Scenario | Requests/s | p50 | p99 | Share of the ceiling | Server CPU per request "
        "| Share of the ceiling, by CPU |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for key in keys:
        f = figures[key]
        lines.append(f"| {f.label} | {f.requests_per_s:,.0f} | {f.p50_ms:.1f} ms | "
                     f"{f.p99_ms:.1f} ms | {f.requests_per_s / ceiling.requests_per_s:.0%} | "
                     f"{cpu[key]:.2f} ms | {ceiling_cpu / cpu[key]:.0%} |")
    return lines


def every_round(results: dict) -> list[str]:
    lines = [
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
    return [*lines, ""]


def report(results: dict) -> str:
    cpu, figures, single = results["cpu_ms"], results["median"], results["page_load"]
    steps = results["steps"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); how it works and how to read it: "
        "[README.md](README.md).",
        "",
        *header(results, f"step 11 (commit {steps['11']}) and step 12 (commit {steps['12']}) "
                "with their production config, each on a fresh SQLite file (WAL)"),
        "",
        "## Throughput and latency",
        "",
        *throughput_rows(results, [("hello", "ceiling"), *[
            (step, key) for key in ("list", "create", "login") for step in STEPS]]),
    ]
    first, biggest = PAGE_SIZES[0], PAGE_SIZES[-1]
    lines += [
        "",
        "## One page of tasks as the account grows",
        "",
        f"`GET /api/v1/accounts/<username>/tasks` ({PER_PAGE} tasks a page), one request at a "
        f"time (`wrk --threads 1 --connections 1 --duration {single['duration']}s`).",
        "",
        f"| Step | Tasks in the account | p50 | p99 | p50 against {first} tasks | "
        f"Server CPU per request | CPU against {first} tasks |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for step in STEPS:
        base = figures[step, first]
        for key in (*PAGE_SIZES, "last_page"):
            f = figures[step, key]
            name = (f"{spaced(biggest)}, last page (`?page={biggest // PER_PAGE}`)"
                    if key == "last_page" else spaced(key))
            lines.append(f"| {step} | {name} | {f.p50_ms:.2f} ms | {f.p99_ms:.2f} ms | "
                         f"{f.p50_ms / base.p50_ms:.2f}× | {cpu[step, key]:.2f} ms | "
                         f"{cpu[step, key] / cpu[step, first]:.2f}× |")
    lines += ["", "## Targets (step 12; step 11 is reported, not tuned)", ""]
    for step in STEPS:
        share = figures[step, "list"].requests_per_s / figures["hello", "ceiling"].requests_per_s
        share_cpu = cpu["hello", "ceiling"] / cpu[step, "list"]
        growth = figures[step, biggest].p50_ms / figures[step, first].p50_ms
        growth_cpu = cpu[step, biggest] / cpu[step, first]
        lines += [
            f"- Step {step}, authenticated task list at ≥ {LIST_SHARE_TARGET:.0%} of the "
            f"ceiling: {verdict(share >= LIST_SHARE_TARGET)} by requests/s ({share:.0%}), "
            f"{verdict(share_cpu >= LIST_SHARE_TARGET)} by CPU per request ({share_cpu:.0%}).",
            f"- Step {step}, first page at {spaced(biggest)} tasks within {PAGE_GROWTH_TARGET}× "
            f"of the page at {first}: {verdict(growth <= PAGE_GROWTH_TARGET)} by p50 "
            f"({growth:.2f}×), {verdict(growth_cpu <= PAGE_GROWTH_TARGET)} by CPU per request "
            f"({growth_cpu:.2f}×).",
        ]
    return "\n".join([*lines, "", *every_round(results)])


def report_changes(results: dict) -> str:
    """Step 12 change by change: list and creation, one row per commit."""
    cpu = results["cpu_ms"]
    ceiling_cpu = cpu["hello", "ceiling"]
    lines = [
        "# Step 12, change by change",
        "",
        "Written by `bench/run.py --changes`: step 11, then step 12's code at each of its "
        "commits named \"Step 12, change N\", served side by side in one run.",
        "",
        *header(results, "each on a fresh SQLite file"),
        "",
        "| Commit | Change | List: CPU per request | List: share of the ceiling, by CPU | "
        "List: requests/s | Creation: CPU per request | Creation: requests/s | "
        f"First page at {spaced(PAGE_SIZES[-1])} tasks: p50 | and CPU per request |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for commit, subject in results["commits"]:
        figures = {key: results["median"][commit, key] for key in ("list", "create", "big")}
        lines.append(f"| {commit} | {subject} | {cpu[commit, 'list']:.2f} ms | "
                     f"{ceiling_cpu / cpu[commit, 'list']:.0%} | "
                     f"{figures['list'].requests_per_s:,.0f} | {cpu[commit, 'create']:.2f} ms | "
                     f"{figures['create'].requests_per_s:,.0f} | {figures['big'].p50_ms:.2f} ms | "
                     f"{cpu[commit, 'big']:.2f} ms |")
    return "\n".join([*lines, "", *every_round(results)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per load scenario")
    parser.add_argument("--page-duration", type=int, default=5, help="seconds per page size")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times each scenario runs (the table shows the median round)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--changes", action="store_true",
                        help="instead: step 12 at each commit that changed it (list and creation)")
    parser.add_argument("--output", type=Path, help="where the table goes (default: "
                        "bench/RESULTS.md, or bench/out/changes.md with --changes)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed. On Debian or Ubuntu: sudo apt-get install wrk", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("wrk-*.txt"):
        old.unlink()
    try:
        if args.changes:
            text = report_changes(run_changes(args.duration, args.page_duration, args.threads,
                                              args.connections, args.rounds))
        else:
            text = report(run(args.duration, args.page_duration, args.threads, args.connections,
                              args.rounds))
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    output = args.output or (OUT / "changes.md" if args.changes else RESULTS)
    output.write_text(text)
    print(f"Wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
