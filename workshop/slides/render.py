"""Markdown to HTML for the workshop site: decks split into slides, step guides, code.

Markdown goes through markdown-it-py (CommonMark plus tables); code is highlighted
on the server with Pygments, so the pages need no JavaScript to look right.
Fenced blocks with ``include=`` are filled from files (see :mod:`.includes`).

A deck opens with its schedule, TOML between two ``+++`` lines::

    +++
    minutes = 20                 # teaching, demos included
    [[exercise]]
    name = "first_app"           # as in exercises/exercises.toml
    minutes = 10
    kind = "core"                # or "optional"
    +++

and a fenced block of language ``exercises`` becomes the list of the step's
exercises, read from ``exercises/exercises.toml`` when the deck is rendered
(name, topic, time box, ``workshop check`` and ``workshop hint``); one of language
``steps`` becomes the map of the steps (each folder and its README's title).

Links between Markdown files are rewritten to the site's pages, so a README's
``../02_routes/README.md`` becomes that step's guide and ``app.py`` its source
page, both in the live site and in the static copy. Every link is relative: the
static copy works from any folder of any static host.
"""

from __future__ import annotations

import html
import posixpath
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name, get_lexer_for_filename
from pygments.util import ClassNotFound

from ..exercises import ExerciseError, load_catalog
from ..loader import REPO, TREES
from .includes import IncludeError, parse_info, parse_spec, resolve
from .theme import HighContrastStyle, WorkshopStyle

#: Decks live here, one Markdown file per step: 00_intro.md, 01_hello_world.md, …
SLIDES = "slides"
# TREES (loader.py): the trees whose folders (README.md) the site shows; steps/ shows its files too.
#: Folders and files never shown: generated or local data.
HIDDEN = {"__pycache__", "instance", ".pytest_cache", ".workshop"}

#: A line that separates two slides, and the line that starts a slide's speaker notes.
SEPARATOR = "---"
NOTES = re.compile(r"^Notes?:\s*(?P<rest>.*)$")
#: A line giving the slide CSS classes: `<!-- class: dense -->` (smaller code, for long listings).
CLASSES = re.compile(r"^<!--\s*class:\s*(?P<classes>[\w -]+?)\s*-->\s*$")
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_DECK_NAME = re.compile(r"^\d\d_[a-z0-9_]+$")

#: Files shown as highlighted source pages; any other file is served as it is (images…).
SOURCE_SUFFIXES = {".py", ".html", ".css", ".js", ".txt", ".md", ".toml", ".cfg", ".ini",
                   ".json", ".sql", ".sh", ".env", ".jinja", ".svg", ".csv", ".yaml", ".yml"}


class DeckError(ValueError):
    """A deck (or guide) that cannot be rendered; the message names the file and line."""


#: A deck's schedule sits between two lines holding only ``+++``, at the very top.
FRONT_MATTER = "+++"
KINDS = ("core", "optional")


@dataclass(frozen=True)
class ExerciseTime:
    name: str
    minutes: int
    kind: str  # "core" or "optional"


@dataclass(frozen=True)
class Schedule:
    """What a deck's front matter says about time."""

    minutes: int  # teaching, demos included
    exercises: tuple[ExerciseTime, ...] = ()
    optional: bool = False  # the whole deck is "going further"

    @property
    def core_minutes(self) -> int:
        """Teaching plus the core exercises: what the deck costs in a taught day."""
        return self.minutes + sum(e.minutes for e in self.exercises if e.kind == "core")

    @property
    def all_minutes(self) -> int:
        """Teaching plus every exercise: what the deck costs a self-learner."""
        return self.minutes + sum(e.minutes for e in self.exercises)

    def exercise(self, name: str) -> ExerciseTime | None:
        return next((e for e in self.exercises if e.name == name), None)


def split_front_matter(text: str, label: str) -> tuple[Schedule | None, str, int]:
    """A deck's schedule (None if it has no front matter), the rest of its text, and how
    many lines the front matter took (so that line numbers in errors stay right)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER:
        return None, text, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER), None)
    if end is None:
        raise DeckError(f"{label}:1: the front matter opened with `+++` is never closed")
    try:
        data = tomllib.loads("".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise DeckError(f"{label}: front matter: {error}") from None
    try:
        minutes = data["minutes"]
        exercises = []
        for entry in data.get("exercise", []):
            if entry.get("kind") not in KINDS:
                raise DeckError(
                    f"{label}: front matter: exercise {entry.get('name')!r} needs kind = \"core\" or \"optional\""
                )
            if not isinstance(entry.get("minutes"), int) or entry["minutes"] <= 0:
                raise DeckError(f"{label}: front matter: exercise {entry.get('name')!r} needs minutes (a whole number)")
            exercises.append(ExerciseTime(str(entry["name"]), entry["minutes"], entry["kind"]))
    except KeyError as missing:
        raise DeckError(f"{label}: front matter has no {missing.args[0]!r}") from None
    if not isinstance(minutes, int) or minutes <= 0:
        raise DeckError(f"{label}: front matter: minutes must be a whole number of minutes")
    schedule = Schedule(minutes, tuple(exercises), bool(data.get("optional", False)))
    return schedule, "".join(lines[end + 1:]), end + 1


def step_exercises(step: str, repo: Path = REPO) -> list:
    """The exercises of *step* (``01_hello_world``) as exercises/exercises.toml lists them."""
    path = repo / "exercises" / "exercises.toml"
    if not path.is_file():
        return []
    try:
        return [e for e in load_catalog(path) if e.step == step]
    except ExerciseError as error:
        raise DeckError(str(error)) from None


@dataclass
class Slide:
    number: int  # 1-based, as in the URL
    line: int  # where it starts in the deck file
    html: str
    notes: str  # rendered speaker notes ("" if none)
    title: str
    classes: str = ""  # from a `<!-- class: dense -->` line


@dataclass
class Deck:
    name: str  # file stem: 01_hello_world
    path: Path
    title: str
    slides: list[Slide] = field(default_factory=list)
    schedule: Schedule | None = None

    @property
    def step(self) -> Path | None:
        """The step folder this deck teaches (steps/01_hello_world), if there is one."""
        folder = self.path.parent.parent / "steps" / self.name
        return folder if folder.is_dir() else None


# --------------------------------------------------------------------------- code


def _lexer(language: str, filename: str):
    names = {"jinja": "html+jinja", "html": "html+jinja", "sh": "bash", "shell": "bash"}
    try:
        if language:
            return get_lexer_by_name(names.get(language, language))
        if filename.endswith(".html"):
            return get_lexer_by_name("html+jinja")
        if filename:
            return get_lexer_for_filename(filename)
    except ClassNotFound:
        pass
    return TextLexer()


@lru_cache(maxsize=512)
def highlight_code(code: str, language: str = "", filename: str = "") -> str:
    """*code* as highlighted HTML: ``<div class="highlight"><pre>…</pre></div>``.

    Remembered by content: the same code shows up on many pages and in every build.
    """
    return highlight(code, _lexer(language, filename), HtmlFormatter(cssclass="highlight"))


@lru_cache(maxsize=1)
def pygments_css() -> str:
    """The stylesheet for highlighted code: the workshop theme, and its high-contrast
    variant under ``.high-contrast`` (see :mod:`.theme`)."""
    return (
        HtmlFormatter(style=WorkshopStyle).get_style_defs(".highlight") + "\n"
        + HtmlFormatter(style=HighContrastStyle).get_style_defs(".high-contrast .highlight") + "\n"
    )


# --------------------------------------------------------------------------- links


def page_url(target: Path, repo: Path = REPO) -> str | None:
    """The site path (no leading slash) that shows repository file or folder *target*."""
    try:
        rel = target.resolve().relative_to(repo.resolve())
    except ValueError:
        return None
    parts = rel.parts
    if not parts:
        return ""
    if rel.as_posix() == "README.md":
        return ""
    if parts[0] == SLIDES and len(parts) == 2 and target.suffix == ".md" and _DECK_NAME.match(target.stem):
        return f"decks/{target.stem}/"
    if parts[0] == SLIDES and len(parts) >= 3 and parts[1] == "images":
        return "decks/" + "/".join(parts[1:])
    if parts[0] not in TREES or HIDDEN.intersection(parts):
        return None
    if target.is_dir():
        return rel.as_posix() + "/" if (target / "README.md").is_file() else None
    if target.name == "README.md":
        return rel.parent.as_posix() + "/"
    if target.is_file() and parts[0] == "steps":
        # The steps' code has pages of its own; exercises and solutions show their READMEs only
        # (the learner edits those files in an editor, and solutions are not for browsing).
        return rel.as_posix() + (".html" if target.suffix in SOURCE_SUFFIXES else "")
    return None


def relative_link(href: str, source: Path, here: str, repo: Path = REPO) -> str:
    """*href* as written in Markdown file *source*, relative to site page *here*."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "/")) or not parts.path:
        return href
    target = (source.parent / parts.path).resolve()
    url = page_url(target, repo)
    if url is None:
        return href
    rel = posixpath.relpath("/" + url, "/" + posixpath.dirname(here) if "/" in here else "/")
    if url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{parts.fragment}" if parts.fragment else "")


# --------------------------------------------------------------------------- markdown


def exercises_html(env: dict) -> str:
    """The step's exercises as a list: what to do, the time box, the commands."""
    schedule: Schedule | None = env.get("schedule")
    items = []
    for exercise in step_exercises(env.get("deck", ""), env.get("repo", REPO)):
        time = schedule.exercise(exercise.name) if schedule else None
        box = f"{time.minutes} min · {time.kind}" if time else "no time set"
        items.append(
            f'<li class="exercise" data-name="{html.escape(exercise.name)}">'
            f'<span class="task">{html.escape(exercise.topic[:1].upper() + exercise.topic[1:])}</span> '
            f'<span class="timebox">({box})</span><br>'
            f"<code>workshop check {html.escape(exercise.name)}</code> · "
            f"<code>workshop hint {html.escape(exercise.name)}</code></li>"
        )
    if not items:
        return '<p class="exercise-none">No exercise for this step: its guide says what to try.</p>\n'
    return '<ul class="exercises">' + "".join(items) + "</ul>\n"


def steps_html(env: dict) -> str:
    """The map of the workshop: every step folder and the title of its README."""
    repo = env.get("repo", REPO)
    rows = []
    for folder in sorted((repo / "steps").glob("[0-9][0-9]_*")):
        readme = folder / "README.md"
        title = folder.name
        if readme.is_file():
            heading = next((line[2:] for line in readme.read_text(encoding="utf-8").splitlines()
                            if line.startswith("# ")), "")
            title = re.sub(r"^Step \d\d\s*[—:-]\s*", "", re.sub(r"[`*]", "", heading)).strip() or folder.name
        rows.append(f"<tr><td>{folder.name[:2]}</td><td>{html.escape(title)}</td></tr>")
    # Two columns side by side: a dozen steps fit on one slide.
    half = (len(rows) + 1) // 2
    tables = [
        '<table class="steps"><thead><tr><th>Step</th><th>Topic</th></tr></thead><tbody>'
        + "".join(part) + "</tbody></table>"
        for part in (rows[:half], rows[half:]) if part
    ]
    return '<div class="columns">' + "".join(tables) + "</div>\n"


def _fence(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    token = tokens[idx]
    if token.info.strip() == "exercises":
        return exercises_html(env)
    if token.info.strip() == "steps":
        return steps_html(env)
    language, spec, hide = parse_info(token.info)
    caption = ""
    code = token.content
    filename = ""
    if spec is not None:
        line = env.get("line", 0) + (token.map[0] + 1 if token.map else 0)
        try:
            include = parse_spec(spec)
            code = resolve(spec, env.get("repo", REPO), hide)
        except IncludeError as error:
            raise DeckError(f"{env.get('label', '<markdown>')}:{line}: {error}") from None
        caption = include.caption
        filename = include.path
        if include.is_diff:
            language = "diff"
    body = highlight_code(code, language, filename)
    if language == "console":
        # A transcript's long commands wrap, as in a terminal, instead of running off the slide.
        body = body.replace('<div class="highlight">', '<div class="highlight console">', 1)
    if caption:
        return (
            f'<figure class="code"><figcaption>{html.escape(caption)}</figcaption>{body}</figure>\n'
        )
    return body


def _link_rule(kind: str):
    attribute = "href" if kind == "link_open" else "src"

    def rule(self, tokens, idx, options, env):
        token = tokens[idx]
        value = token.attrGet(attribute)
        if value and "source" in env:
            token.attrSet(attribute, relative_link(str(value), env["source"], env["here"], env["repo"]))
        if kind == "image":
            return self.image(tokens, idx, options, env)
        return self.renderToken(tokens, idx, options, env)

    return rule


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The Markdown parser of the site: CommonMark, tables, raw HTML, our code blocks.

    One parser serves every page: what differs per page travels in the render ``env``.
    """
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.add_render_rule("fence", _fence)
    md.add_render_rule("link_open", _link_rule("link_open"))
    md.add_render_rule("image", _link_rule("image"))
    return md


def render_markdown(text: str, *, source: Path, here: str, repo: Path = REPO, line: int = 0,
                    schedule: Schedule | None = None) -> str:
    """Render Markdown *text* read from *source* for the site page *here*."""
    try:
        label = source.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        label = str(source)
    env = {"source": source, "here": here, "repo": repo, "label": label, "line": line,
           "schedule": schedule, "deck": source.stem}
    return markdown().render(text, env)


# --------------------------------------------------------------------------- decks


def split_slides(text: str) -> list[tuple[int, str, int, str]]:
    """Split deck source into (first line, body, notes' first line, notes) per slide.

    Slides are separated by a line holding only ``---``; a line starting with
    ``Note:`` begins the slide's speaker notes. Both are ignored inside code blocks.
    """
    slides: list[tuple[int, str, int, str]] = []
    body: list[str] = []
    notes: list[str] | None = None
    start = notes_start = 1
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line)
        if match and not fence:
            fence = match["fence"]
        elif fence and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            fence = ""
        elif not fence and line.strip() == SEPARATOR:
            slides.append((start, "\n".join(body), notes_start, "\n".join(notes or [])))
            body, notes, start = [], None, number + 1
            continue
        elif not fence and notes is None and NOTES.match(line):
            notes, notes_start = [NOTES.match(line)["rest"]], number
            continue
        (body if notes is None else notes).append(line)
    slides.append((start, "\n".join(body), notes_start, "\n".join(notes or [])))
    return [slide for slide in slides if slide[1].strip() or slide[3].strip()]


def _title(body: str) -> str:
    in_fence = ""
    for line in body.splitlines():
        match = _FENCE.match(line)
        if match:
            in_fence = "" if in_fence else match["fence"]
            continue
        heading = re.match(r"^#{1,3}\s+(.*?)\s*#*\s*$", line)
        if heading and not in_fence:
            return re.sub(r"[`*]", "", heading[1])
    return ""


def deck_paths(repo: Path = REPO) -> list[Path]:
    """The deck files, in order (00_intro.md first)."""
    folder = repo / SLIDES
    return sorted(p for p in folder.glob("*.md") if _DECK_NAME.match(p.stem))


def exercise_notes(step: str, schedule: Schedule | None, repo: Path = REPO) -> str:
    """Notes for an exercise slide, from exercises/exercises.toml and the deck's schedule:
    per exercise, the time box, the task in plain words, the files, the commands."""
    lines = []
    for exercise in step_exercises(step, repo):
        time = schedule.exercise(exercise.name) if schedule else None
        box = f"{time.minutes} min, {time.kind}" if time else "no time set"
        lines.append(
            f"- **`{exercise.name}`** ({box}): {exercise.topic}. Edit "
            + ", ".join(f"`{exercise.folder}/{name}`" for name in exercise.edit)
            + f". Check: `workshop check {exercise.name}`; stuck: `workshop hint {exercise.name}`."
        )
    return "\n".join(lines)


def load_deck(path: Path, here: str | None = None, repo: Path = REPO) -> Deck:
    """Read and render one deck; raise DeckError naming file and line on a bad include."""
    schedule, text, skipped = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    name = path.stem
    here = here if here is not None else f"decks/{name}/"
    deck = Deck(name=name, path=path, title="", schedule=schedule)
    for number, (line, body, notes_line, notes) in enumerate(split_slides(text), start=1):
        line, notes_line = line + skipped, notes_line + skipped
        classes = " ".join(m["classes"] for m in map(CLASSES.match, body.splitlines()) if m)
        # Say:, Demo: and Mistake: each start a paragraph of their own.
        notes = re.sub(r"\n(?=\*\*(?:Say|Demo|Mistake|Windows):\*\*)", "\n\n", notes)
        if re.search(r"(?m)^```exercises\s*$", body):
            # The exercise slide's notes end with each exercise's task, time box and commands.
            notes = notes.rstrip() + "\n\n" + exercise_notes(name, schedule, repo)
        deck.slides.append(
            Slide(
                number=number,
                line=line,
                classes=classes,
                html=render_markdown(body, source=path, here=here, repo=repo, line=line - 1, schedule=schedule),
                notes=(render_markdown(notes, source=path, here=here, repo=repo, line=notes_line - 1,
                                       schedule=schedule)
                       if notes.strip() else ""),
                title=_title(body),
            )
        )
    if not deck.slides:
        raise DeckError(f"{path.name} has no slides")
    deck.title = deck.slides[0].title or name
    return deck


def deck_title(path: Path) -> str:
    """A deck's title (its first heading) without rendering it."""
    _, text, _ = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    for _, body, _, _ in split_slides(text)[:1]:
        return _title(body) or path.stem
    return path.stem


def deck_schedule(path: Path) -> Schedule | None:
    """A deck's schedule (its front matter) without rendering it."""
    return split_front_matter(path.read_text(encoding="utf-8"), path.name)[0]
