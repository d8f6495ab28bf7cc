"""The grader's three outputs: a terminal table, a CSV gradebook and an HTML report.

All three show the same grades (see :mod:`workshop.grader`): one row per
learner, one column per exercise. The HTML report adds, per learner and
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

from .exercises import Exercise
from .grader import Grade, Limits, SubmissionGrade

COLOURS = {"pass": "green", "partial": "yellow", "fail": "red", "timeout": "magenta",
           "error": "red", "missing": "bright_black"}


def column(exercise: Exercise) -> str:
    """An exercise's short column heading: its number in the workshop."""
    return f"#{exercise.number}"


def _percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def table(graded: list[SubmissionGrade], catalog: list[Exercise], color: bool | None = None) -> str:
    """Learner x exercise, with each learner's total and each exercise's solved count."""
    out_of = len(catalog)
    header = ["learner", *[column(e) for e in catalog], "total"]
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
    rows = [header, *body, *footer]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]

    def line(cells: list[str], fgs: list[str | None]) -> str:
        parts = []
        for cell, width, fg in zip(cells, widths, fgs, strict=True):
            padded = cell.ljust(width)
            parts.append(click.style(padded, fg=fg) if fg and color is not False else padded)
        return "  ".join(parts).rstrip()

    plain = [None] * len(header)
    lines = [line(header, plain)]
    lines += [line(row, fgs) for row, fgs in zip(body, colours, strict=True)]
    lines += [line(row, plain) for row in footer]
    # The legend, one "#N name" never split across lines.
    legend, current = [], ""
    for entry in (f"{column(e)} {e.name}" for e in catalog):
        if current and len(current) + len(entry) + 2 > 100:
            legend.append(current + ",")
            current = entry
        else:
            current = f"{current}, {entry}" if current else entry
    lines += ["", *legend, current] if current else []
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
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d2433; }
  h1 { margin-bottom: .2rem; }
  .meta { color: #5b6475; margin-top: 0; }
  table { border-collapse: collapse; margin: 1rem 0 2rem; }
  th, td { border: 1px solid #d5dae3; padding: .3rem .55rem; text-align: left; vertical-align: top; }
  th { background: #f2f4f8; font-weight: 600; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  td.name { white-space: nowrap; }
  .status { font-weight: 600; white-space: nowrap; }
  .pass { background: #e3f6e8; color: #17652f; }
  .partial { background: #fff4d6; color: #7a5300; }
  .fail, .error { background: #fde6e6; color: #9b1c1c; }
  .timeout { background: #f3e5fb; color: #6b2391; }
  .missing { background: #eef0f3; color: #5b6475; }
  .status a { color: inherit; text-decoration: none; }
  section { border-top: 2px solid #d5dae3; padding-top: .5rem; }
  .note { background: #fff4d6; padding: .4rem .6rem; }
  code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
  pre { white-space: pre-wrap; margin: .3rem 0 0; }
  .where { color: #5b6475; }
</style>
</head>
<body>
<h1>Grades</h1>
<p class="meta">{{ graded|length }} learner(s), {{ catalog|length }} exercise(s), graded {{ when }}
  with this repository's tests ({{ limits.timeout|round(1) }} s per exercise).
  Each exercise scores the share of its checks that pass.</p>

<table>
  <thead>
    <tr><th>learner</th>
      {% for exercise in catalog %}<th title="{{ exercise.topic }}">{{ exercise.name }}</th>{% endfor %}
      <th class="num">total</th></tr>
  </thead>
  <tbody>
  {% for submission in graded %}
    {% set learner = loop.index %}
    <tr><th><a href="#learner-{{ learner }}">{{ submission.learner }}</a></th>
      {% for grade in submission.grades %}
      <td class="status {{ grade.status }}"><a href="#learner-{{ learner }}-{{ grade.exercise.name }}">{{ grade.label }}</a></td>
      {% endfor %}
      <td class="num">{{ '%.1f'|format(submission.score) }} / {{ catalog|length }}</td></tr>
  {% endfor %}
  </tbody>
  {% if graded %}
  <tfoot>
    <tr><th>solved by</th>
      {% for count in solved %}<td class="num">{{ count }} / {{ graded|length }}</td>{% endfor %}
      <td></td></tr>
  </tfoot>
  {% endif %}
</table>

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


def html(graded: list[SubmissionGrade], catalog: list[Exercise], limits: Limits = Limits()) -> str:
    """A self-contained page (inline CSS, no script, nothing fetched) with every grade and reason."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    solved = [sum(s.grades[i].status == "pass" for s in graded) for i in range(len(catalog))]
    return _ENVIRONMENT.from_string(TEMPLATE).render(
        graded=graded, catalog=catalog, limits=limits, when=when, solved=solved)
