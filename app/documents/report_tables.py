"""The report's breakdowns as plain tables, for the CSV/XLSX "summary" export.

Small numbers are already hidden ("<5", "*") exactly as in the PDF, so the export cannot
give away what the report hides. FFT counts are published by NHS England and are not hidden.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core import fft
from app.core.i18n import _
from app.core.report import Report, ReportSelection
from app.core.responses import ResponseMode
from app.documents.safe_tables import Cell, Table
from app.store.reports import local_report
from app.store.store import Store


def event_summary_tables(store: Store, event_id: str) -> list[Table]:
    """One event's report figures from this laptop, as tables for the "summary" export."""
    return summary_tables(local_report(store, ReportSelection(event_ids=(event_id,))))


def summary_tables(report: Report) -> list[Table]:
    """Events, reach, FFT, topics, equality, population comparison and actions, one table each."""
    events: list[Sequence[Cell]] = [[e.info.name, e.info.event_date, e.info.kind, e.responses] for e in report.events]
    reach: list[Sequence[Cell]] = [[_("Responses in all"), report.reach.responses]]
    reach += [[mode.label, report.reach.by_mode.get(mode.value, 0)] for mode in ResponseMode]
    reach += [[_("Sign-ups"), report.reach.signups]]
    reach += [[_("PPG attendance"), report.reach.attendance]] if report.reach.attendance is not None else []
    fft_rows: list[Sequence[Cell]] = [[row.label, row.value] for row in report.fft_rows]
    fft_rows += [[_("All answers"), report.fft.total],
                 [_("Percentage positive"), fft.format_percent(report.fft.percent_positive)],
                 [_("Percentage negative"), fft.format_percent(report.fft.percent_negative)]]
    tables = [
        Table(_("Events"), [_("Event"), _("Date"), _("Kind"), _("Responses")], events),
        Table(_("Reach"), [_("Measure"), _("Count")], reach),
        Table(_("FFT"), [_("Answer"), _("Count")], fft_rows),
    ]
    if report.topics is not None:
        tables.append(Table(_("Topics"), [_("Topic"), _("Responses")],
                            [[r.label, r.shown] for r in report.topics.rows]
                            + [[_("Responses that answered (more than one topic allowed)"),
                                report.topics.answered_shown]]))
    if report.equality:
        rows: list[Sequence[Cell]] = []
        for b in report.equality:
            rows += [[b.title, r.label, r.shown] for r in b.rows] + [[b.title, _("Answered"), b.answered_shown]]
        tables.append(Table(_("Equality"), [_("Question"), _("Answer"), _("People")], rows))
    if report.population.comparisons:
        rows = []
        for c in report.population.comparisons:
            rows += [[c.dimension.title, r.label, r.heard_shown,
                      None if r.heard_share is None else round(r.heard_share, 1), round(r.population_share, 1),
                      None if r.difference is None else round(r.difference, 1)] for r in c.rows]
        tables.append(Table(_("Population"), [_("Question"), _("Group"), _("Heard"), _("Heard %"),
                                              _("Living there %"), _("Difference (points)")], rows))
    tables.append(Table(_("Actions"), [_("You said"), _("We will"), _("Owner"), _("Due"), _("Status"),
                                       _("What was done"), _("Done on"), _("Event")],
                        [[a.you_said, a.we_will, a.owner, a.due_date, a.status_label, a.what_done, a.done_on,
                          a.event_name] for a in report.actions]))
    return tables
