"""Reports gathered by activity. Several agencies often report on one activity: each reporter keeps their
own word, and the activity is ranked by the worst of them, so a blocked report is never hidden behind a
later "en curso" from someone else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.render.answer import Item
from bot.render.i18n import Catalog
from bot.reporting.labels import SEVERITY, Names, activity_label, activity_text, local_date
from bot.text import shorten
from storage.models import Activity, StatusUpdate

# How much of a person's text a message shows, and how many reporters per activity; the export and
# `/red estado` have the rest.
DETAIL_TEXT = 400
MAX_REPORTERS = 6
ITEM_TEXT = 2400  # one activity's bullet, under the 3,000 of a message section with its escapes


@dataclass(frozen=True)
class ActivityReports:
    group_key: str
    activity: Activity
    reports: tuple[StatusUpdate, ...]  # one per reporter, the worst status first

    @property
    def worst(self) -> str:
        return self.reports[0].status

    def has_status(self, statuses: set[str]) -> bool:
        return any(r.status in statuses for r in self.reports)


def by_activity(updates: Iterable[StatusUpdate]) -> list[ActivityReports]:
    """Group each reporter's update by (group, activity): the worst-off activities first."""
    grouped: dict[tuple[str, int], list[StatusUpdate]] = {}
    for update in updates:
        grouped.setdefault((update.group_key, update.activity_id), []).append(update)
    entries = [
        ActivityReports(group, reports[0].activity, tuple(sorted(reports, key=_report_order)))
        for (group, _), reports in grouped.items()
    ]
    return sorted(
        entries,
        key=lambda e: (
            SEVERITY.get(e.worst, 9),
            e.group_key,
            e.activity.priority.position,
            e.activity.number,
        ),
    )


def _report_order(update: StatusUpdate) -> tuple[int, float]:
    return SEVERITY.get(update.status, 9), -update.updated_at.timestamp()


def _report_lines(
    c: Catalog, names: Names, report: StatusUpdate, lang: str, *, details: bool, dated: bool
) -> list[str]:
    who = names.reporter(report)
    if dated:
        who += f" · {c.date(local_date(report.updated_at), lang)}"
    status = names.status(report.status)
    if not details:
        return [f"{status} · {who}"]
    lines = [f"{status} · {who}: {shorten(report.progress, DETAIL_TEXT)}"]
    if report.obstacles:
        lines.append(c.t("reporting.obstacles", lang, text=shorten(report.obstacles, DETAIL_TEXT)))
    if report.next_steps:
        lines.append(c.t("reporting.next_steps", lang, text=shorten(report.next_steps, DETAIL_TEXT)))
    return lines


def activity_item(
    c: Catalog, names: Names, entry: ActivityReports, lang: str, *, details: bool, dated: bool, grouped: bool
) -> Item:
    """One activity and what each reporter said: with `details`, their progress, obstacles and next steps;
    without, their status only (what a channel summary shows when config keeps details private)."""
    head = f"{names.status(entry.worst).upper()} · {activity_label(c, entry.activity, lang)}"
    if grouped:
        head += f" · {names.group(entry.group_key)}"
    lines: list[str] = []
    shown = 0
    for report in entry.reports[:MAX_REPORTERS]:
        said = _report_lines(c, names, report, lang, details=details, dated=dated)
        if lines and sum(map(len, lines)) + sum(map(len, said)) > ITEM_TEXT:
            break  # a bullet must fit one message section: the rest are counted, not cut mid-sentence
        lines.extend(said)
        shown += 1
    hidden = entry.reports[shown:]
    if hidden:
        statuses = ", ".join(sorted({names.status(r.status) for r in hidden}))
        lines.append(c.t("reporting.more_reports", lang, count=len(hidden), statuses=statuses))
    return Item(f"{head}: {activity_text(entry.activity, lang)}", tuple(lines))
