"""Code on slides comes from the tested files, never typed twice.

A fenced code block whose info string has ``include=…`` is filled from a file:

``include=steps/02_routes/app.py``
    the whole file;
``include=steps/01_hello_world/app.py:__main__``
    the ``if __name__ == "__main__":`` block;
``include=steps/02_routes/app.py:hello``
    a top-level function or class (with its decorators and the comment lines
    right above it) or a top-level assignment such as ``app`` (a setting
    ``app.config["SECRET_KEY"] = …`` goes by its key, ``SECRET_KEY``), found
    with :mod:`ast`; several names are joined with commas: ``…/app.py:hello,about``;
``include=steps/04_templates/templates/base.html#content``
    a Jinja ``{% block content %}`` … ``{% endblock %}``, tags included;
``include=03..04``
    what changed from step 03 to step 04 (every file, as ``workshop diff``);
``include=03..04/app.py`` and ``include=03..04/app.py:hello``
    the same for one file, or for one top-level name of a Python file.

A ``hide=`` option next to a named Python include shortens members of it, by
name: ``include=…/models.py:Task hide=to_dict,__table_args__`` shows the class
with ``def to_dict(self) -> dict: ...`` and ``__table_args__ = ...``;
``hide=docstring`` leaves the docstring out, and ``hide=guards`` the guard clauses
of a function (``if …: raise …``). In an HTML template, ``hide=head``
folds an element to one line: ``<head>…</head>``. Two more words of ``hide=`` show
only what the slide is about: ``hide=comments`` drops the comments above each
named definition and inside it (they often explain an earlier step, and the
speaker's notes can say the rest); a linter's ``# noqa`` never shows, and ``hide=headers``
shows a diff without its ``---``/``+++``/``@@`` lines (hunks are then set apart
by a ``⋮`` line).

Paths start at the repository root and must lie under ``steps/``,
``exercises/``, ``solutions/`` or ``slides/`` (slides/then_and_now.py); every path is resolved (symbolic links too)
and refused unless it stays inside the repository. Line-number ranges are
refused on purpose: they silently point at the wrong lines once the file
changes. Resolving an include only reads files: it never writes one.
"""

from __future__ import annotations

import ast
import difflib
import io
import re
import textwrap
import threading
import tokenize
from dataclasses import dataclass
from pathlib import Path

from .. import diff as step_diff
from ..loader import REPO, TREES, StepNotFound, find_step

#: The only trees code may come from: the ones the tests check (slides/ holds the
#: tested "then" snippets of the "Then and now" slides: slides/then_and_now.py).
SOURCE_TREES = (*TREES, "slides")
#: Words of ``hide=`` that are options rather than member names.
HIDE_COMMENTS, HIDE_HEADERS = "comments", "headers"

_DIFF = re.compile(r"^(?P<old>\d\d)\.\.(?P<new>\d\d)(?:/(?P<file>[^:]+?)(?::(?P<names>[\w,]+))?)?$")
_LINE_RANGE = re.compile(r"(?::|#L?)\d+(?:-L?\d+)?$")


class IncludeError(ValueError):
    """An include that names nothing, or nothing that exists."""


@dataclass(frozen=True)
class Include:
    """A parsed ``include=`` value."""

    spec: str  # as written in the deck
    path: str = ""  # file include: repository-relative path
    names: tuple[str, ...] = ()  # Python top-level names
    block: str = ""  # Jinja block name
    old: str = ""  # diff include: step numbers
    new: str = ""

    @property
    def is_diff(self) -> bool:
        return bool(self.old)

    @property
    def caption(self) -> str:
        """A short label for the slide: which file (or which steps) the code is from."""
        if self.is_diff:
            what = f"{self.path}" + (f": {', '.join(self.names)}" if self.names else "")
            return f"step {self.old} → {self.new}" + (f" · {what}" if self.path else "")
        if self.block:
            return f"{self.path} · block {self.block}"
        return self.path


def parse_info(info: str) -> tuple[str, str | None, tuple[str, ...]]:
    """Split a fence info string into its language, its ``include=`` value (or None)
    and the names its ``hide=`` option lists."""
    words = info.split()
    language = words[0] if words and "=" not in words[0] else ""
    spec = None
    hide: tuple[str, ...] = ()
    for word in words:
        if word.startswith("include="):
            spec = word[len("include="):]
        elif word.startswith("hide="):
            hide = tuple(name for name in word[len("hide="):].split(",") if name)
    return language, spec, hide


def parse_spec(spec: str) -> Include:
    """Parse an ``include=`` value; raise IncludeError for one that cannot work."""
    spec = spec.strip().strip("\"'")
    if not spec:
        raise IncludeError("`include=` names no file")
    diff = _DIFF.match(spec)
    if diff:
        if diff["file"] and ".." in Path(diff["file"]).parts:
            raise IncludeError(f"`{spec}`: a path may not climb out with `..`")
        if diff["file"] and (diff["file"].startswith(("/", "\\")) or Path(diff["file"]).is_absolute()):
            raise IncludeError(f"`{spec}`: a diff names a file inside the steps, not an absolute path")
        names = tuple(diff["names"].split(",")) if diff["names"] else ()
        return Include(spec, path=diff["file"] or "", names=names, old=diff["old"], new=diff["new"])
    if ".." in Path(spec.split(":")[0].split("#")[0]).parts:
        raise IncludeError(f"`{spec}`: a path may not climb out with `..` (for a diff write `03..04`)")
    if _LINE_RANGE.search(spec):
        raise IncludeError(
            f"`{spec}`: line numbers are not allowed (they drift when the file changes); "
            "name a function, class or Jinja block instead"
        )
    if "#" in spec:
        path, block = spec.split("#", 1)
        if not re.fullmatch(r"\w+", block):
            raise IncludeError(f"`{spec}`: `#` must be followed by a Jinja block name")
        return Include(spec, path=path, block=block)
    if ":" in spec:
        path, names = spec.split(":", 1)
        parts = tuple(n.strip() for n in names.split(","))
        if not all(re.fullmatch(r"[A-Za-z_]\w*", n) for n in parts):
            raise IncludeError(f"`{spec}`: after `:` name top-level functions or classes, e.g. `app.py:index`")
        return Include(spec, path=path, names=parts)
    return Include(spec, path=spec)


def inside(path: Path, root: Path) -> bool:
    """Whether *path*, fully resolved (symbolic links and all), lies inside folder *root*."""
    return path.resolve().is_relative_to(root.resolve())


def _source_file(path: str, root: Path) -> Path:
    parts = Path(path).parts
    if not parts or parts[0] not in SOURCE_TREES:
        raise IncludeError(f"`{path}`: includes come from {', '.join(t + '/' for t in SOURCE_TREES)} only")
    file = root / path
    if not inside(file, root / parts[0]):
        raise IncludeError(f"`{path}` leads outside {parts[0]}/ (a link?); includes stay inside the repository")
    if not file.is_file():
        raise IncludeError(f"`{path}` does not exist")
    return file


# CPython 3.11 keeps the AST builder's recursion counter in state shared by all
# threads, so two threads parsing at once can fail with "SystemError: AST
# constructor recursion depth mismatch" (python/cpython#106905). The site serves
# each request in a thread and a browser asks for several pages at once.
_AST_LOCK = threading.Lock()


def _parse_python(source: str) -> ast.Module:
    """``ast.parse``, one thread at a time (see _AST_LOCK)."""
    with _AST_LOCK:
        return ast.parse(source)


def python_names(source: str, names: tuple[str, ...], label: str, hide: tuple[str, ...] = (),
                 comments: bool = True) -> str:
    """The source of top-level *names* in Python *source*, decorators and leading comments included
    (without those comments if *comments* is false).

    Members of those definitions named in *hide* are cut short: a method or nested
    class to its ``def …: ...`` line, an attribute to ``name = ...``, and
    ``docstring`` drops the docstring. Each hidden name must exist.
    """
    tree = _parse_python(source)
    lines = source.splitlines()
    if hide:
        lines, hidden = _hide_members(tree, lines, set(names), set(hide))
        missing = [name for name in hide if name not in hidden]
        if missing:
            raise IncludeError(f"`{label}`: nothing called {', '.join(missing)} to hide in {', '.join(names)}")
    found: dict[str, tuple[int, int]] = {}
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            keys = [node.name]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            keys = _assigned(node)
        elif _is_main(node):
            keys = [MAIN]
        else:
            continue
        # Comment lines right above belong to the definition: they say why.
        while comments and start > 1 and lines[start - 2] is not None and lines[start - 2].startswith("#"):
            start -= 1
        for key in keys:
            found.setdefault(key, (start, node.end_lineno or node.lineno))
    text = ""
    previous_end = None
    for name in names:
        if name not in found:
            known = ", ".join(sorted(found)) or "none"
            raise IncludeError(f"`{label}` has no top-level function, class or assignment `{name}` (it has: {known})")
        start, end = found[name]
        if previous_end is not None:
            # Neighbours in the file stay neighbours; anything else is set apart as in PEP 8.
            text += "\n" if start == previous_end + 1 else "\n\n\n"
        text += "\n".join(line for line in lines[start - 1:end] if line is not None)
        previous_end = end
    return (text if comments else without_comments(text)) + "\n"


_NOQA = re.compile(r"[ \t]+#\s*noqa\b.*$", re.M)


def without_comments(code: str) -> str:
    """Python *code* without its comments: comment lines go, and so do comments at the
    end of a line (found by :mod:`tokenize`, so a ``#`` inside a string stays)."""
    lines = code.splitlines()
    cut: dict[int, int] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(code + "\n").readline):
            if token.type == tokenize.COMMENT:
                cut[token.start[0]] = token.start[1]
    except (tokenize.TokenError, SyntaxError):
        return code
    kept = []
    for number, line in enumerate(lines, start=1):
        if number in cut:
            line = line[: cut[number]].rstrip()
            if not line.strip():
                continue
        kept.append(line)
    return "\n".join(kept)


def _hide_members(tree: ast.Module, lines: list[str], owners: set[str], hide: set[str]):
    """*lines* with the members of *owners* named in *hide* shortened (removed lines become
    None, so line numbers stay valid); and the set of names actually hidden."""
    lines = list(lines)
    hidden = set()
    for owner in tree.body:
        if getattr(owner, "name", None) not in owners or not hasattr(owner, "body"):
            continue
        for index, member in enumerate(owner.body):
            first, last = member.lineno, member.end_lineno or member.lineno
            indent = lines[first - 1][: len(lines[first - 1]) - len(lines[first - 1].lstrip())]
            if (index == 0 and "docstring" in hide and isinstance(member, ast.Expr)
                    and isinstance(member.value, ast.Constant) and isinstance(member.value.value, str)):
                keep, name = [], "docstring"
            elif isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and member.name in hide:
                header_end = max(member.lineno, member.body[0].lineno - 1)
                first = min([member.lineno] + [d.lineno for d in member.decorator_list])
                keep = [line for line in lines[first - 1:header_end] if line is not None]
                # Comments between the header and the body belong to the body.
                while len(keep) > 1 and keep[-1].strip().startswith("#"):
                    keep.pop()
                keep[-1] = keep[-1].rstrip() + " ..."
                name = member.name
            elif ("guards" in hide and isinstance(member, ast.If) and not member.orelse
                  and len(member.body) == 1 and isinstance(member.body[0], ast.Raise)):
                keep, name = [], "guards"
            elif isinstance(member, (ast.Assign, ast.AnnAssign)) and hide.intersection(_assigned(member)):
                name = hide.intersection(_assigned(member)).pop()
                keep = [f"{indent}{name} = ..."]
            else:
                continue
            hidden.add(name)
            # The comment lines right above a hidden member go with it.
            while first > 1 and lines[first - 2] is not None and lines[first - 2].strip().startswith("#"):
                first -= 1
            if name == "docstring":
                # The blank lines after a docstring go with it.
                while last < len(lines) and lines[last] is not None and not lines[last].strip():
                    last += 1
            for number in range(first, last + 1):
                lines[number - 1] = None
            for offset, line in enumerate(keep):
                lines[first - 1 + offset] = line
    return lines, hidden


MAIN = "__main__"


def _is_main(node: ast.stmt) -> bool:
    """Whether *node* is ``if __name__ == "__main__":``."""
    test = getattr(node, "test", None)
    return (isinstance(node, ast.If) and isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
            and test.left.id == "__name__" and len(test.comparators) == 1
            and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value == MAIN)


def _assigned(node: ast.Assign | ast.AnnAssign) -> list[str]:
    """The names an assignment is found by: ``TASKS = …`` is ``TASKS``, and a setting
    such as ``app.config["SECRET_KEY"] = …`` is ``SECRET_KEY``."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    keys = []
    for target in targets:
        if isinstance(target, ast.Name):
            keys.append(target.id)
        elif (isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)
              and isinstance(target.slice.value, str)):
            keys.append(target.slice.value)
    return keys


_BLOCK_TAG = re.compile(r"{%-?\s*(?P<tag>block|endblock)\b\s*(?P<name>\w*)\s*-?%}")


def jinja_block(source: str, name: str, label: str) -> str:
    """The text of ``{% block name %}`` … its ``{% endblock %}`` in a Jinja template, tags included."""
    depth = 0
    start = None
    names = []
    for match in _BLOCK_TAG.finditer(source):
        if match["tag"] == "block":
            names.append(match["name"])
            if start is None and match["name"] == name:
                start, depth = match.start(), 0
            if start is not None:
                depth += 1
        elif start is not None:
            depth -= 1
            if depth == 0:
                line_start = source.rfind("\n", 0, start) + 1
                text = source[line_start:match.end()]
                return textwrap.dedent(text).rstrip() + "\n"
    if start is not None:
        raise IncludeError(f"`{label}`: block `{name}` has no matching endblock")
    raise IncludeError(f"`{label}` has no Jinja block `{name}` (it has: {', '.join(names) or 'none'})")


def _step_diff(include: Include, root: Path, comments: bool = True) -> str:
    try:
        old, new = find_step(include.old, root=root), find_step(include.new, root=root)
    except StepNotFound as error:
        raise IncludeError(f"`{include.spec}`: {error}") from None
    if not include.path:
        return step_diff.unified(old, new)
    a, b = old / include.path, new / include.path
    if not (inside(a, old) and inside(b, new)):
        raise IncludeError(f"`{include.spec}`: `{include.path}` leads outside the steps' folders")
    if not a.is_file() and not b.is_file():
        raise IncludeError(f"`{include.spec}`: neither {old.name} nor {new.name} has `{include.path}`")
    if not include.names:
        return _file_chunk(step_diff.unified(old, new), include.path)
    # One function's change: diff just that code, as `workshop diff` would (difflib, same
    # labels), in memory: an include reads files and never writes one.
    # A name may be new in the later step (or gone from it), but it must exist in one of them.
    sides = []
    for step, file in ((old, a), (new, b)):
        source = file.read_text(encoding="utf-8") if file.is_file() else None
        present = tuple(n for n in include.names if n in top_level_names(source or ""))
        label = f"{step.relative_to(root).as_posix()}/{include.path}"
        text = python_names(source, present, label, comments=comments) if present else ""
        sides.append((f"{step.name}/{include.path}" if source is not None else "/dev/null", text))
    for name in include.names:
        if not any(name in top_level_names(text) for _, text in sides):
            raise IncludeError(
                f"`{include.spec}`: neither {old.name} nor {new.name} has a top-level `{name}` in {include.path}"
            )
    (from_label, before), (to_label, after) = sides
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=from_label, tofile=to_label
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def without_headers(diff_text: str) -> str:
    """A unified diff without its ``---``/``+++`` file lines and ``@@`` hunk lines;
    hunks after the first are set apart by a ``⋮`` line."""
    kept: list[str] = []
    for line in diff_text.splitlines(keepends=True):
        if line.startswith(("--- ", "+++ ")):
            continue
        if line.startswith("@@"):
            if kept:
                kept.append(" ⋮\n")
            continue
        kept.append(line)
    return "".join(kept)


def fold_elements(source: str, tags: tuple[str, ...], label: str) -> str:
    """HTML *source* with each element named in *tags* folded to one line: ``<head>…</head>``."""
    for tag in tags:
        pattern = re.compile(rf"(<{tag}\b[^>]*>)(.*?)(</{tag}>)", re.S)
        if not pattern.search(source):
            raise IncludeError(f"`{label}` has no <{tag}> element to hide")
        source = pattern.sub(lambda m: m[1] + "…" + m[3], source)
    return source


def top_level_names(source: str) -> set[str]:
    """The top-level functions, classes and assigned names of Python *source*."""
    names = set()
    for node in _parse_python(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            names.update(_assigned(node))
        elif _is_main(node):
            names.add(MAIN)
    return names


def _file_chunk(diff_text: str, rel: str) -> str:
    """The part of a multi-file unified diff that is about *rel*."""
    chunks = re.split(r"(?m)^(?=--- )", diff_text)
    for chunk in chunks:
        header = chunk.split("\n", 2)[:2]
        if any(line.split(" ", 1)[-1].split("/", 1)[-1] == rel for line in header):
            return chunk
    return ""


def resolve(spec: str, root: Path = REPO, hide: tuple[str, ...] = ()) -> str:
    """The code an ``include=`` value stands for; raise IncludeError if there is none.

    *hide* (a fence's ``hide=`` option) shortens members of the named Python definitions.
    """
    include = parse_spec(spec)
    comments = HIDE_COMMENTS not in hide
    headers = HIDE_HEADERS not in hide
    members = tuple(name for name in hide if name not in (HIDE_COMMENTS, HIDE_HEADERS))
    html_file = include.path.endswith(".html") and not include.is_diff
    if members and not html_file and not (include.names and not include.is_diff):
        raise IncludeError(
            f"`{spec}`: `hide=` works with named Python definitions (`file.py:Name`) or HTML elements"
        )
    if not comments and not include.names and not include.path.endswith(".py"):
        raise IncludeError(f"`{spec}`: `hide=comments` is for Python code")
    if not headers and not include.is_diff:
        raise IncludeError(f"`{spec}`: `hide=headers` is for diffs (`03..04/app.py`)")
    if include.is_diff:
        try:
            text = _step_diff(include, root, comments)
        except SyntaxError as error:
            raise IncludeError(f"`{spec}`: {include.path} is not valid Python (line {error.lineno})") from None
        if not text.strip():
            raise IncludeError(f"`{spec}`: nothing changed between step {include.old} and {include.new}")
        return text if headers else without_headers(text)
    file = _source_file(include.path, root)
    try:
        source = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise IncludeError(f"`{include.path}` is not a text file") from None
    if include.names:
        if file.suffix != ".py":
            raise IncludeError(f"`{spec}`: `:name` selects from Python files; use `#name` for a Jinja block")
        try:
            text = python_names(source, include.names, include.path, members, comments)
        except SyntaxError as error:
            raise IncludeError(f"`{include.path}` is not valid Python (line {error.lineno})") from None
    elif include.block:
        text = jinja_block(source, include.block, include.path)
    else:
        text = source if comments else without_comments(source).lstrip("\n") + "\n"
    if html_file and members:
        text = fold_elements(text, members, include.path)
    if file.suffix == ".py":
        # A linter's noqa comment is for the linter, not for the room.
        text = _NOQA.sub("", text)
    if not text.strip():
        raise IncludeError(f"`{spec}` is empty")
    return text
