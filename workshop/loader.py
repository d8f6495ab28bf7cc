"""Find step folders and load their Flask apps by path.

Every step has an ``app.py`` (steps 01-07) or a package ``todo`` (steps 08-12), so
``import app`` would hand a second test the first step's module from Python's
cache. Here each ``app.py`` is loaded fresh under a name of its own, and the
``todo`` package is dropped from ``sys.modules`` before another one is loaded.
Tests, the checker and the grader all load apps through this module.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Flask is imported only when an app is loaded: the CLI starts faster
    from flask import Flask

#: The repository root (the folder holding steps/, exercises/, solutions/).
REPO = Path(__file__).resolve().parent.parent

#: Trees that hold numbered step folders.
TREES = ("steps", "exercises", "solutions")

#: The trees of exercises: what a learner's ``--target`` may name.
EXERCISE_TREES = TREES[1:]

#: The package name of the apps of steps 08-12.
PACKAGE = "todo"


class StepNotFound(LookupError):
    """No step folder matches what the user typed."""


def step_dirs(tree: str = "steps", root: Path = REPO) -> list[Path]:
    """The numbered folders of *tree* (``01_hello_world`` …), in order."""
    base = root / tree
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and re.match(r"\d\d_", p.name))


def step_key(key: str | int) -> str:
    """A step as the user typed it (``3``, ``"03"``, ``"steps/03_methods/"``), made
    comparable with folder names: ``"03"`` or ``"03_methods"``."""
    text = str(key).strip().strip("/").split("/")[-1]
    return f"{int(text):02d}" if text.isdigit() else text


def is_step(folder_name: str, key: str) -> bool:
    """Whether the step folder *folder_name* is the one *key* (from :func:`step_key`) names."""
    return folder_name == key or folder_name.split("_", 1)[0] == key


def find_step(key: str | int, tree: str = "steps", root: Path = REPO) -> Path:
    """The folder of step *key*: ``3``, ``"03"`` or ``"03_methods"``."""
    number = step_key(key)
    dirs = step_dirs(tree, root)
    for path in dirs:
        if is_step(path.name, number):
            return path
    known = ", ".join(p.name for p in dirs) or "none"
    raise StepNotFound(f"no step {key!r} in {tree}/ (known steps: {known})")


def app_target(step_dir: Path) -> Path:
    """What ``flask --app`` is given for a step: its ``app.py`` or its ``todo`` package."""
    package = step_dir / PACKAGE
    if (package / "__init__.py").is_file():
        return package
    return step_dir / "app.py"


def flask_app_arg(step_dir: Path) -> str:
    """The ``--app`` value that runs a step from the repository root, as the READMEs write it."""
    target = app_target(step_dir).relative_to(REPO)
    return (target.with_suffix("") if target.suffix == ".py" else target).as_posix()


def _unique_name(path: Path) -> str:
    try:
        rel = path.resolve().relative_to(REPO)
    except ValueError:
        rel = path.resolve()
    return "workshop_app_" + re.sub(r"\W", "_", str(rel.with_suffix("")))


def forget_package(name: str = PACKAGE) -> None:
    """Remove a package and its submodules from Python's module cache."""
    for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[loaded]


def load_module(path: str | Path) -> ModuleType:
    """Execute an ``app.py`` file or a package folder afresh and return the module.

    An ``app.py`` gets a unique module name, so modules of several steps live side
    by side. A package keeps its own name (its code and ``gunicorn "todo:create_app()"``
    rely on it), so any earlier package of that name is forgotten first.
    """
    path = Path(path)
    if path.is_dir():
        name = path.name
        forget_package(name)
        spec = importlib.util.spec_from_file_location(
            name, path / "__init__.py", submodule_search_locations=[str(path)]
        )
    else:
        name = _unique_name(path)
        spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        forget_package(name)
        raise
    return module


class LoadedPackage:
    """A step's package ``todo``, loaded once and put back in ``sys.modules`` when used again.

    Loading a package builds its models and blueprints, slower than most tests, so
    a test suite loads it once and calls its factory for every test. Another
    ``todo`` (another step's, an exercise's) may be loaded in between; Flask finds
    an app's folder through ``sys.modules``, so :meth:`create_app` puts this one
    back first, as importing it would.
    """

    def __init__(self, path: str | Path) -> None:
        self.module = load_module(path)
        name = self.module.__name__
        self.modules = {loaded: module for loaded, module in sys.modules.items()
                        if loaded == name or loaded.startswith(name + ".")}

    def use(self) -> None:
        """Make this package (and its submodules) the ones in ``sys.modules``."""
        name = self.module.__name__
        if sys.modules.get(name) is not self.module:
            forget_package(name)
            sys.modules.update(self.modules)

    def create_app(self, *args: object, **kwargs: object) -> Flask:
        """An app from the package's factory, after :meth:`use`."""
        self.use()
        return self.module.create_app(*args, **kwargs)


def load_app(path: str | Path, **factory_args: object) -> Flask:
    """Load the Flask app at *path* (a step folder, an ``app.py`` or a package).

    A module with ``create_app`` is an application factory and is called with
    *factory_args*; otherwise the module's ``app`` is returned.
    """
    from flask import Flask

    path = Path(path)
    if path.is_dir() and not (path / "__init__.py").is_file():
        path = app_target(path)
    module = load_module(path)
    factory = getattr(module, "create_app", None)
    if callable(factory):
        return factory(**factory_args)
    app = getattr(module, "app", None)
    if not isinstance(app, Flask):
        raise ImportError(f"{path} defines neither `app = Flask(...)` nor create_app()")
    return app
