"""The day fits: every deck says how long it takes, and the plans add up within budget.

Each deck's front matter gives its minutes of teaching and each exercise's minutes, core
or optional; slides/day.toml gives the start, the breaks and the budgets. The site's
index shows the full day, the half day and the self-paced path from the same figures.
"""

from __future__ import annotations

import tomllib

import pytest

from workshop.exercises import load_catalog
from workshop.loader import REPO
from workshop.slides.render import DeckError, deck_paths, deck_schedule, load_deck, split_front_matter
from workshop.slides.schedule import day_plans

DECKS = deck_paths()
DAY = tomllib.loads((REPO / "slides" / "day.toml").read_text(encoding="utf-8"))
CATALOG = load_catalog(REPO / "exercises" / "exercises.toml")


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.stem)
def test_every_deck_has_a_schedule_for_each_of_its_exercises(deck):
    schedule = deck_schedule(deck)
    assert schedule is not None, f"{deck.name} has no front matter (+++ minutes = … +++)"
    assert 5 <= schedule.minutes <= 45, f"{deck.name}: {schedule.minutes} min of teaching in one deck"
    listed = [e.name for e in schedule.exercises]
    wanted = [e.name for e in CATALOG if e.step == deck.stem]
    assert sorted(listed) == sorted(wanted), (
        f"{deck.name}: the front matter times {listed}, exercises/exercises.toml lists {wanted} for this step"
    )
    if wanted and not schedule.optional:
        assert any(e.kind == "core" for e in schedule.exercises), f"{deck.name}: no core exercise"


def plans():
    return {plan.key: plan for plan in day_plans()}


def test_the_full_day_is_about_six_hours_of_teaching_within_budget():
    full = plans()["full_day"]
    assert full.budget == DAY["full_day"]["budget"] == 360
    assert full.teaching <= full.budget, f"the full day is {full.teaching} min of teaching, over {full.budget}"
    assert full.teaching >= full.budget - 30, f"the full day is only {full.teaching} min: the budget is stale"
    scheduled = {b.name for b in full.blocks if not b.is_break}
    everything = {d.stem for d in DECKS if not deck_schedule(d).optional}
    assert scheduled == everything, "every deck that is not optional is in the full day"
    breaks = [b for b in full.blocks if b.is_break]
    assert [b.title for b in breaks] == [b["name"] for b in DAY["full_day"]["breaks"]], "a break after a missing deck"
    assert any(b.minutes >= 45 for b in breaks), "no lunch break"
    assert not full.blocks[-1].is_break


def test_the_half_day_and_the_self_paced_path():
    by_key = plans()
    half = by_key["half_day"]
    assert [b.name for b in half.blocks if not b.is_break] == DAY["half_day"]["decks"]
    assert half.teaching <= half.budget, f"the half day is {half.teaching} min, over {half.budget}"
    self_paced = by_key["self_paced"]
    assert [b.name for b in self_paced.blocks] == [d.stem for d in DECKS]
    # Self-paced takes every exercise, optional ones too: more than the taught day.
    assert self_paced.teaching > by_key["full_day"].teaching


def test_the_index_shows_the_day(site_client):
    page = site_client.get("/").text
    full = plans()["full_day"]
    assert 'id="full_day"' in page and 'id="half_day"' in page and 'id="self_paced"' in page
    for block in full.blocks:
        assert f"<td>{block.clock}</td>" in page
    assert "Lunch" in page


def test_a_broken_front_matter_names_the_deck(fake_repo):
    deck = fake_repo / "slides" / "01_first.md"
    text = deck.read_text()
    deck.write_text('+++\nminutes = 10\n[[exercise]]\nname = "x"\nminutes = 5\nkind = "maybe"\n+++\n' + text)
    with pytest.raises(DeckError, match='01_first.md: front matter: exercise \'x\' needs kind = "core" or "optional"'):
        load_deck(deck, repo=fake_repo)
    deck.write_text("+++\nminutes = 10\n" + text)
    with pytest.raises(DeckError, match="never closed"):
        load_deck(deck, repo=fake_repo)


def test_line_numbers_in_errors_count_the_front_matter(fake_repo):
    deck = fake_repo / "slides" / "01_first.md"
    deck.write_text("+++\nminutes = 10\n+++\n" + deck.read_text().replace("app.py:index\n", "app.py:indx\n", 1))
    assert split_front_matter(deck.read_text(), "x")[0].minutes == 10
    with pytest.raises(DeckError, match=r"^slides/01_first.md:15: "):
        load_deck(deck, repo=fake_repo)
