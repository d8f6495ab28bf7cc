"""The grader's three outputs: a terminal table, a CSV gradebook and an HTML report.

All three show the same grades (see :mod:`workshop.grading.model`): one row
per learner, one column per exercise, headed by the exercise's name. The HTML report adds, per learner and
exercise, the first failing check in plain words. Everything that comes from a
submission (folder names, messages quoting the learner's code) is escaped:
Jinja's autoescaping in the report, a leading quote against spreadsheet
formulas in the CSV.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import click
from jinja2 import Environment

from ..exercises import Exercise
from .model import DEFAULT_LIMITS, Grade, Limits, SubmissionGrade

COLOURS = {"pass": "green", "partial": "yellow", "fail": "red", "timeout": "magenta",
           "error": "red", "missing": "bright_black", "untouched": "bright_black"}

#: Printed above the table and at the top of the report when the code ran without a sandbox.
NO_SANDBOX_WARNING = ("graded WITHOUT a sandbox (--no-sandbox): the learners' code ran as you, "
                      "with your files and network")


def heading(exercise: Exercise) -> list[str]:
    """An exercise's column heading in the terminal: its name, one word a line (task_filter -> task, filter)."""
    return exercise.name.split("_")


def _percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def table(graded: list[SubmissionGrade], catalog: list[Exercise], color: bool | None = None) -> str:
    """Learner x exercise, with each learner's total and each exercise's solved count.

    Columns are headed by the exercises' names, one word a line, so a column
    is as narrow as its longest word or grade.
    """
    out_of = len(catalog)
    headings = [["learner"], *[heading(e) for e in catalog], ["total"]]
    depth = max(len(h) for h in headings)
    header_lines = [[h[i - (depth - len(h))] if i >= depth - len(h) else "" for h in headings]
                    for i in range(depth)]
    body = [
        [s.learner, *[g.label for g in s.grades],
         f"{s.score:.1f}/{out_of}  {_percent(s.score, out_of):>4}"]
        for s in graded
    ]
    colours = [[None, *[COLOURS[g.status] for g in s.grades], None] for s in graded]
    footer = []
    if graded:
        solved = [sum(s.grades[i].status == "pass" for s in graded) for i in range(out_of)]
        average = [sum(s.grades[i].score for s in graded) / len(graded) for i in range(out_of)]
        class_score = sum(s.score for s in graded) / len(graded)
        footer = [
            ["solved by", *[f"{n}/{len(graded)}" for n in solved], ""],
            ["average", *[_percent(a, 1) for a in average],
             f"{class_score:.1f}/{out_of}  {_percent(class_score, out_of):>4}"],
        ]
    rows = [*header_lines, *body, *footer]
    widths = [max(len(row[i]) for row in rows) for i in range(len(headings))]

    def line(cells: list[str], fgs: list[str | None]) -> str:
        parts = []
        for cell, width, fg in zip(cells, widths, fgs, strict=True):
            padded = cell.ljust(width)
            parts.append(click.style(padded, fg=fg) if fg and color is not False else padded)
        return "  ".join(parts).rstrip()

    plain = [None] * len(headings)
    lines = [line(row, plain) for row in header_lines]
    lines += [line(row, fgs) for row, fgs in zip(body, colours, strict=True)]
    lines += [line(row, plain) for row in footer]
    notes = [f"{s.learner}: {s.note}" for s in graded if s.note]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text from a submission, safe in a spreadsheet: never read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(path: Path, graded: list[SubmissionGrade], catalog: list[Exercise]) -> None:
    """One row per learner: a score from 0 to 1 per exercise, the total, then each status."""
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["learner", *[e.name for e in catalog], "total", "out_of", "percent",
                         *[f"{e.name} status" for e in catalog]])
        for submission in graded:
            writer.writerow([
                _cell(submission.learner),
                *[f"{g.score:.2f}" for g in submission.grades],
                f"{submission.score:.2f}", len(catalog),
                f"{100 * submission.score / len(catalog):.0f}" if catalog else "0",
                *[g.label for g in submission.grades],
            ])


def describe(grade: Grade) -> str:
    """The reason an exercise did not pass, on one line (for the terminal and tests)."""
    reason = grade.reason
    if reason is None:
        return ""
    text = f"{reason.check}: {reason.message}"
    if reason.location:
        text += f" ({reason.location})"
    return text


TEMPLATE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Grades · Flask workshop</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 78rem; padding: 0 1rem; color: #1d2433; }
  h1 { margin-bottom: .2rem; }
  .meta { color: #5b6475; margin-top: 0; }
  table { border-collapse: collapse; margin: 1rem 0 2rem; }
  th, td { border: 1px solid #d5dae3; padding: .3rem .55rem; text-align: left; vertical-align: top; }
  th { background: #f2f4f8; font-weight: 600; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  td.name { white-space: nowrap; }
  /* The class table: one narrow column per exercise, its name written upwards, never wider than the page. */
  table.class { table-layout: fixed; width: 100%; font-size: 13px; }
  table.class th, table.class td { padding: .2rem .15rem; overflow: hidden; }
  table.class col.learner { width: 9rem; }
  table.class col.total { width: 5.5rem; }
  table.class thead th.exercise { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
    vertical-align: bottom; text-align: left; font-weight: 500; padding: .35rem .1rem; }
  table.class tbody th { overflow-wrap: anywhere; font-weight: 500; }
  table.class td.status { text-align: center; }
  .warning { background: #fde6e6; color: #9b1c1c; padding: .4rem .6rem; font-weight: 600; }
  .key { color: #5b6475; font-size: 13px; margin-top: -1.5rem; }
  .status { font-weight: 600; white-space: nowrap; }
  .pass { background: #e3f6e8; color: #17652f; }
  .partial { background: #fff4d6; color: #7a5300; }
  .fail, .error { background: #fde6e6; color: #9b1c1c; }
  .timeout { background: #f3e5fb; color: #6b2391; }
  .missing, .untouched { background: #eef0f3; color: #5b6475; }
  .status a { color: inherit; text-decoration: none; }
  section { border-top: 2px solid #d5dae3; padding-top: .5rem; }
  .note { background: #fff4d6; padding: .4rem .6rem; }
  code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
  pre { white-space: pre-wrap; margin: .3rem 0 0; }
  .where { color: #5b6475; }
  section table { width: 100%; }
  section td { overflow-wrap: anywhere; }
</style>
</head>
<body>
<h1>Grades</h1>
{% if not sandboxed %}<p class="warning">Warning: {{ no_sandbox_warning }}.</p>{% endif %}
<p class="meta">{{ graded|length }} learner(s), {{ catalog|length }} exercise(s), graded {{ when }}
  with this repository's tests ({{ limits.timeout|round(1) }} s per exercise).
  Each exercise scores the share of its checks that pass, counting only the checks its starter fails.</p>

<table class="class">
  <colgroup><col class="learner">{% for exercise in catalog %}<col>{% endfor %}<col class="total"></colgroup>
  <thead>
    <tr><th>learner</th>
      {% for exercise in catalog %}
      <th class="exercise" title="{{ exercise.topic }}">{{ exercise.name }}</th>
      {% endfor %}
      <th class="num">total</th></tr>
  </thead>
  <tbody>
  {% for submission in graded %}
    {% set learner = loop.index %}
    <tr><th><a href="#learner-{{ learner }}">{{ submission.learner }}</a></th>
      {% for grade in submission.grades %}
      <td class="status {{ grade.status }}" title="{{ grade.exercise.name }}: {{ grade.label }}">
        <a href="#learner-{{ learner }}-{{ grade.exercise.name }}">{{ short[grade.status] or grade.label }}</a></td>
      {% endfor %}
      <td class="num">{{ '%.1f'|format(submission.score) }} / {{ catalog|length }}</td></tr>
  {% endfor %}
  </tbody>
  {% if graded %}
  <tfoot>
    <tr><th>solved by</th>
      {% for count in solved %}<td class="num">{{ count }}</td>{% endfor %}
      <td></td></tr>
  </tfoot>
  {% endif %}
</table>
<p class="key">A cell links to the reason. time: timeout, err: error, –: missing (not handed in),
  unt: untouched (the same as the starter).</p>

{% for submission in graded %}
{% set learner = loop.index %}
<section id="learner-{{ learner }}">
  <h2>{{ submission.learner }} <small class="where">{{ '%.1f'|format(submission.score) }} / {{ catalog|length }},
    {{ submission.solved }} solved</small></h2>
  {% if submission.note %}<p class="note">{{ submission.note }}</p>{% endif %}
  <table>
    <thead><tr><th>exercise</th><th>result</th><th class="num">score</th><th>first failing check</th></tr></thead>
    <tbody>
    {% for grade in submission.grades %}
      <tr id="learner-{{ learner }}-{{ grade.exercise.name }}">
        <td class="name">{{ grade.exercise.number }}. {{ grade.exercise.name }}</td>
        <td class="status {{ grade.status }}">{{ grade.label }}</td>
        <td class="num">{{ '%.0f'|format(100 * grade.score) }}%</td>
        <td>{% if grade.reason %}<strong>{{ grade.reason.check }}</strong>: {{ grade.reason.message }}
          {% if grade.reason.location %}<div class="where">at <code>{{ grade.reason.location }}</code></div>{% endif %}
          {% if grade.reason.source %}<pre><code>{{ grade.reason.source }}</code></pre>{% endif %}
        {% endif %}</td>
      </tr>
    {% endfor %}
    </tbody>
  </table>
</section>
{% endfor %}
</body>
</html>
"""

_ENVIRONMENT = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


#: What the class table's narrow cells say (the per-learner tables below it say it in full).
SHORT = {"pass": "pass", "partial": None, "fail": "fail", "timeout": "time", "error": "err",
         "missing": "–", "untouched": "unt"}


def html(graded: list[SubmissionGrade], catalog: list[Exercise], limits: Limits = DEFAULT_LIMITS,
         sandboxed: bool = True) -> str:
    """A self-contained page (inline CSS, no script, nothing fetched) with every grade and reason.

    It fits a 1300-pixel-wide window without scrolling sideways, whatever the
    number of exercises: the class table's columns share the page's width.
    """
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    solved = [sum(s.grades[i].status == "pass" for s in graded) for i in range(len(catalog))]
    return _ENVIRONMENT.from_string(TEMPLATE).render(
        graded=graded, catalog=catalog, limits=limits, when=when, solved=solved, short=SHORT,
        sandboxed=sandboxed, no_sandbox_warning=NO_SANDBOX_WARNING)
