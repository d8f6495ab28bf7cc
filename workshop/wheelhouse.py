"""A wheelhouse for a room without network: ``make wheelhouse`` and ``make offline-check``.

``python -m workshop.wheelhouse DIR`` downloads every wheel a learner's
``make run`` installs (the project's dependencies and theirs, pip and the
build backend) for each platform a room may bring, at the versions installed
here (those the tests ran with). ``make run`` then installs from DIR with no
package index.

pip evaluates the environment markers of dependencies (``colorama; sys_platform
== "win32"``) for the machine it runs on, not for the ``--platform`` it downloads
for, so the set of packages is worked out here, per platform and Python version,
from the installed packages' metadata and ``packaging``'s marker evaluation, and
each set is downloaded with ``--no-deps``.

``python -m workshop.wheelhouse --check`` proves the offline path: it builds a
wheelhouse for this machine only, clones the repository, installs it with
``make venv`` with no package index reachable, and serves the workshop.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .loader import REPO
from .ports import free_port

PYTHONS = ("3.11", "3.12", "3.13")

#: pip itself: ``make run`` upgrades it before it installs the project.
BOOTSTRAP = ("pip",)


@dataclass(frozen=True)
class Platform:
    label: str
    tags: tuple[str, ...]  # pip's --platform values, newest first
    markers: dict[str, str]  # what environment markers see there


PLATFORMS = (
    Platform("Linux (x86-64)", ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"),
             {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
              "platform_machine": "x86_64"}),
    Platform("macOS (Intel)", ("macosx_11_0_x86_64",),
             {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix",
              "platform_machine": "x86_64"}),
    Platform("macOS (Apple silicon)", ("macosx_11_0_arm64",),
             {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix",
              "platform_machine": "arm64"}),
    Platform("Windows (x86-64)", ("win_amd64",),
             {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
              "platform_machine": "AMD64"}),
)


class WheelhouseError(RuntimeError):
    """A download or the offline check failed; the message says which and why."""


def project_requirements(pyproject: Path = REPO / "pyproject.toml") -> list[Requirement]:
    """The learner's dependencies: the project's own list, without its extras."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"]]


def build_requirements(pyproject: Path = REPO / "pyproject.toml") -> list[str]:
    """What ``pip install -e .`` builds with (``setuptools>=77``), besides pip itself.

    Downloaded apart from the pinned dependencies: httpie needs setuptools at run
    time too, at the version installed here, which may be older than the build's.
    """
    build = tomllib.loads(pyproject.read_text(encoding="utf-8"))["build-system"]
    return [*build["requires"], *BOOTSTRAP]


def environment(platform: Platform, python: str) -> dict[str, str]:
    """The marker environment of CPython *python* on *platform*."""
    env = default_environment()
    env.update(platform.markers, python_version=python, python_full_version=f"{python}.0",
               implementation_name="cpython", platform_python_implementation="CPython",
               implementation_version=f"{python}.0", platform_release="", platform_version="")
    return env


def closure(requirements: list[Requirement], env: dict[str, str]) -> dict[str, str | None]:
    """Every distribution *requirements* pull in under *env*: name -> installed version.

    Dependencies are read from the installed packages' metadata; a package not
    installed here (``colorama`` on Linux) maps to None and pip resolves it.
    """
    found: dict[str, str | None] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    pending = [req for req in requirements if req.marker is None or req.marker.evaluate(env)]
    while pending:
        req = pending.pop()
        name = canonicalize_name(req.name)
        if (name, frozenset(req.extras)) in seen:
            continue
        seen.add((name, frozenset(req.extras)))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            found.setdefault(name, None)
            continue
        found[name] = dist.version
        for text in dist.requires or []:
            child = Requirement(text)
            # `extra == "binary"` holds only when the parent asked for that extra.
            extras = {"", *req.extras}
            if child.marker is None or any(child.marker.evaluate({**env, "extra": e}) for e in extras):
                pending.append(child)
    return found


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def pip_download(args: list[str], target: Path) -> None:
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
               "--only-binary=:all:", "--dest", str(target), *args]
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise WheelhouseError(f"pip download failed:\n$ {' '.join(command)}\n{done.stderr[-3000:]}")


def download(target: Path, platforms: tuple[Platform, ...] = PLATFORMS,
             pythons: tuple[str, ...] = PYTHONS, echo=print) -> list[Path]:
    """Fill *target* with the wheels of every (platform, Python) pair; return the wheels."""
    target.mkdir(parents=True, exist_ok=True)
    requirements = project_requirements()
    stale = [f"{req} (installed: {_installed(req.name) or 'nothing'})" for req in requirements
             if _installed(req.name) is None or _installed(req.name) not in req.specifier]
    if stale:  # the versions come from this environment: it must be the pinned one
        raise WheelhouseError("this environment does not have the pinned versions (`make venv` installs "
                              "them): " + ", ".join(stale))
    for platform in platforms:
        for python in pythons:
            echo(f"{platform.label}, Python {python}")
            packages = closure(requirements, environment(platform, python))
            pinned = [f"{name}=={version}" for name, version in sorted(packages.items()) if version]
            unpinned = [name for name, version in sorted(packages.items()) if not version]
            tags = [arg for tag in platform.tags for arg in ("--platform", tag)]
            where = [*tags, "--python-version", python, "--implementation", "cp"]
            pip_download([*where, "--no-deps", *pinned], target)
            pip_download([*where, *build_requirements()], target)
            if unpinned:  # their own dependencies, if any, are resolved by pip
                pip_download([*where, *unpinned], target)
    return sorted(target.glob("*.whl"))


def this_machine() -> tuple[tuple[Platform, ...], tuple[str, ...]]:
    """This machine's platform and Python, as one-entry target lists."""
    from packaging.tags import sys_tags

    env = default_environment()
    tags = tuple(dict.fromkeys(tag.platform for tag in sys_tags() if tag.platform != "any"))
    markers = {key: env[key] for key in ("sys_platform", "platform_system", "os_name", "platform_machine")}
    return (Platform("this machine", tags, markers),), (env["python_version"],)


# ------------------------------------------------------------- offline check


def offline_env() -> dict[str, str]:
    """The environment of a learner's machine with no network: no pip configuration,
    no local wheel folders, and an index URL where nothing listens."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL="http://127.0.0.1:9/simple",
               PIP_RETRIES="0", PIP_TIMEOUT="2")
    return env


def check(echo=print) -> None:
    """A clean clone plus this machine's wheelhouse installs offline and serves the workshop."""
    with tempfile.TemporaryDirectory(prefix="workshop-offline-") as tmp:
        clone = Path(tmp, "clone")
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True,
                       stdin=subprocess.DEVNULL)
        platforms, pythons = this_machine()
        wheels = download(clone / "wheelhouse", platforms, pythons, echo=lambda _: None)
        size = sum(w.stat().st_size for w in wheels) / 2**20
        echo(f"wheelhouse for this machine: {len(wheels)} wheels, {size:.0f} MB")

        started = time.monotonic()
        done = subprocess.run(["make", "venv", f"PYTHON={_base_python()}"], cwd=clone,
                              env=offline_env(), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True)
        output = done.stdout + done.stderr
        if done.returncode != 0:
            raise WheelhouseError(f"the offline install failed:\n{output[-3000:]}")
        if "Installing from wheelhouse/" not in output:
            raise WheelhouseError(f"`make venv` did not say it used the wheelhouse:\n{output}")
        warnings = [line for line in output.splitlines() if "warning" in line.lower()]
        if warnings:
            raise WheelhouseError("the offline install printed warnings:\n" + "\n".join(warnings))
        echo(f"installed from the wheelhouse with no index in {time.monotonic() - started:.1f} s; "
             f".venv is {_size_mb(clone / '.venv'):.0f} MB")

        port = free_port()
        server = subprocess.Popen([str(clone / ".venv" / "bin" / "workshop"), "serve", "--port", str(port)],
                                  cwd=clone, env=offline_env(), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            page = _get(f"http://127.0.0.1:{port}/", server)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if "Flask" not in page:
            raise WheelhouseError(f"the workshop site answered, but not with its home page:\n{page[:500]}")
        echo("the offline install serves the workshop: OK")


def _get(url: str, server: subprocess.Popen, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise WheelhouseError(f"`workshop serve` exited:\n{server.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise WheelhouseError(f"`workshop serve` did not answer within {timeout} s") from None
            time.sleep(0.2)


def _base_python() -> str:
    """The Python this venv was made from (a venv's own python would nest venvs)."""
    return str(Path(sys._base_executable).resolve())


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop.wheelhouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=REPO / "wheelhouse")
    parser.add_argument("--this-machine", action="store_true",
                        help="only this machine's platform and Python")
    parser.add_argument("--check", action="store_true",
                        help="prove that a clean clone installs offline from a wheelhouse and serves")
    args = parser.parse_args(argv)
    try:
        if args.check:
            check()
            return 0
        platforms, pythons = this_machine() if args.this_machine else (PLATFORMS, PYTHONS)
        wheels = download(args.directory, platforms, pythons)
    except WheelhouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    size = sum(w.stat().st_size for w in wheels) / 2**20
    print(f"{args.directory}: {len(wheels)} wheels, {size:.0f} MB. "
          "`make run` installs from it with no network.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
