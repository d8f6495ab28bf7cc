"""The workshop's day: each deck's front matter (minutes of teaching, each exercise's
minutes, core or optional) laid out along slides/day.toml (start, breaks, budget).

Three plans come out of it, all shown on the site's index:

- the full day: every deck that is not optional, with its core exercises and the breaks;
- the half day: the decks day.toml lists for it, core exercises only;
- the self-paced path: every deck and every exercise, optional ones included.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..loader import REPO
from .render import SLIDES, DeckError, Schedule, deck_paths, deck_schedule, deck_title

DAY = "day.toml"


@dataclass
class Block:
    """One line of a plan: a deck (with its exercises) or a break."""

    start: int  # minutes since midnight
    minutes: int
    name: str  # deck name, or the break's name
    title: str
    url: str = ""
    exercises: tuple = ()  # ExerciseTime of the exercises done in this plan
    is_break: bool = False

    @property
    def clock(self) -> str:
        return f"{self.start // 60:02d}:{self.start % 60:02d}"


@dataclass
class Plan:
    key: str
    title: str
    budget: int  # minutes of teaching and exercises, breaks not counted
    blocks: list[Block] = field(default_factory=list)

    @property
    def teaching(self) -> int:
        """Minutes of teaching and exercises, breaks not counted."""
        return sum(b.minutes for b in self.blocks if not b.is_break)

    @property
    def breaks(self) -> int:
        return sum(b.minutes for b in self.blocks if b.is_break)

    @property
    def end(self) -> str:
        last = self.blocks[-1] if self.blocks else None
        end = last.start + last.minutes if last else 0
        return f"{end // 60:02d}:{end % 60:02d}"


def hours(minutes: int) -> str:
    """``375`` as ``6 h 15 min``."""
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def schedules(repo: Path = REPO) -> dict[str, tuple[str, Schedule | None]]:
    """Every deck's (title, schedule), in order; the schedule is None for a deck without
    front matter (the plans leave it out; the schedule test names it)."""
    return {path.stem: (deck_title(path), deck_schedule(path)) for path in deck_paths(repo)}


def _minutes(clock: str) -> int:
    hour, minute = clock.split(":")
    return int(hour) * 60 + int(minute)


def _plan(key: str, settings: dict, decks: dict[str, tuple[str, Schedule]], names: list[str],
          every_exercise: bool) -> Plan:
    plan = Plan(key, settings.get("title", key), int(settings.get("budget", 0)))
    now = _minutes(settings.get("start", "09:00"))
    breaks = {b["after"]: b for b in settings.get("breaks", [])}
    for name in (name for name in names if name in decks):
        title, schedule = decks[name]
        done = tuple(e for e in schedule.exercises if every_exercise or e.kind == "core")
        minutes = schedule.minutes + sum(e.minutes for e in done)
        plan.blocks.append(Block(now, minutes, name, title, f"decks/{name}/", done))
        now += minutes
        if name in breaks:
            pause = breaks[name]
            plan.blocks.append(Block(now, int(pause["minutes"]), pause["name"], pause["name"], is_break=True))
            now += int(pause["minutes"])
    return plan


def day_plans(repo: Path = REPO) -> list[Plan]:
    """The full day, the half day and the self-paced path ([] without slides/day.toml)."""
    path = repo / SLIDES / DAY
    if not path.is_file():
        return []
    try:
        day = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DeckError(f"cannot read {SLIDES}/{DAY}: {error}") from None
    # A deck without front matter, or a break after a deck that is not there, is left out
    # here and named by the schedule test (tests/slides/test_slides_schedule.py).
    decks = schedules(repo)
    decks = {name: entry for name, entry in decks.items() if entry[1] is not None}
    full = [name for name, (_, s) in decks.items() if not s.optional]
    return [
        _plan("full_day", day.get("full_day", {}), decks, full, every_exercise=False),
        _plan("half_day", day.get("half_day", {}), decks, day.get("half_day", {}).get("decks", full),
              every_exercise=False),
        _plan("self_paced", {"title": "Self-paced: every deck and every exercise", "budget": 0},
              decks, list(decks), every_exercise=True),
    ]
