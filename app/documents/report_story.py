"""What the event report's pages hold, as platypus flowables, section by section."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.core import fft
from app.core.events import EventKind
from app.core.i18n import _, ngettext
from app.core.population import format_points
from app.core.report import Breakdown, EventInfo, Report
from app.core.responses import ResponseMode
from app.documents.fonts import BOLD, REGULAR
from app.documents.report_charts import FFT_COLOURS, bar_chart
from app.documents.script_text import prints_plainly
from app.documents.text_lines import TextLines

MARGIN = 18 * mm
GREY = Color(0.3, 0.3, 0.3)
RULE = Color(0.75, 0.75, 0.75)
SHADE = Color(0.93, 0.95, 0.98)
HEAD = Color(0.0, 0.25, 0.53)

BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12.5, spaceAfter=4)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=GREY, spaceAfter=2)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=10.5, spaceAfter=0)
CELL_BOLD = ParagraphStyle("cellbold", parent=CELL, fontName=BOLD)
CELL_HEAD = ParagraphStyle("cellhead", parent=CELL, fontName=BOLD, textColor=white)
CELL_NUM = ParagraphStyle("cellnum", parent=CELL, alignment=2)
TITLE = ParagraphStyle("title", parent=BODY, fontName=BOLD, fontSize=18, leading=22, textColor=HEAD, spaceAfter=4)
TITLE_LONG = ParagraphStyle("titlelong", parent=TITLE, fontSize=13, leading=16)
H2 = ParagraphStyle("h2", parent=BODY, fontName=BOLD, fontSize=13, leading=16, textColor=HEAD, spaceBefore=10,
                    spaceAfter=5, keepWithNext=1)
H3 = ParagraphStyle("h3", parent=BODY, fontName=BOLD, fontSize=10, leading=13, spaceBefore=4, spaceAfter=3)
BIG = ParagraphStyle("big", parent=BODY, fontName=BOLD, fontSize=12, leading=15)


def clean(text: str) -> str:
    """Text a PDF can hold: no control characters or lone surrogates; line breaks kept."""
    return "".join(ch for ch in str(text)
                   if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn"))


MAX_BREAKS = 8  # line breaks kept in one piece of text; past these, lines run on


def para(text: str, style: ParagraphStyle = BODY) -> Flowable:
    """Data text as a Paragraph: escaped, so "<b>" or "&" in a comment prints as typed.

    Blank lines are dropped and only the first few line breaks kept, so a comment typed as a
    column of single letters cannot make a table row taller than a page.
    """
    lines = [line.strip() for line in clean(text).replace("\t", " ").split("\n")]
    lines = [line for line in lines if line]
    kept = lines[:MAX_BREAKS] + ([" ".join(lines[MAX_BREAKS:])] if len(lines) > MAX_BREAKS else [])
    if not all(prints_plainly(line, style.fontName) for line in kept):
        return TextLines(kept, style)  # another script, or right to left
    return Paragraph("<br/>".join(escape(line) for line in kept), style)


def local_time(at: dt.datetime) -> str:
    local = at.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def _day(d: dt.date | None) -> str:
    return "" if d is None else f"{d.day} {d:%b %Y}"


def _kind(kind: str) -> str:
    try:
        return EventKind(kind).label
    except ValueError:
        return kind


def _when(e: EventInfo) -> str:
    when = f"{e.event_date:%a} {e.event_date.day} {e.event_date:%b %Y}"
    if e.start_time and e.end_time:
        return _("{date}, {start} to {end}").format(date=when, start=f"{e.start_time:%H:%M}", end=f"{e.end_time:%H:%M}")
    if e.start_time:
        return _("{date}, from {start}").format(date=when, start=f"{e.start_time:%H:%M}")
    return when


def _venue(venue: str, locality: str) -> str:
    if not locality or locality.casefold() in venue.casefold():
        return venue
    return ", ".join(p for p in (venue, locality) if p)


def report_table(rows: list[list], widths: Sequence[float], *, header: bool = True, zebra: bool = True) -> Table:
    """A report's table: ruled rows, the first a shaded heading repeated on each page (``header``),
    every other row shaded (``zebra``)."""
    # splitInRow: a row taller than a page (a 4,000-character action) carries on over the page.
    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT", splitInRow=1)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 3),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("LEFTPADDING", (0, 0), (-1, -1), 4),
             ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD))
    if zebra:
        first = 1 if header else 0
        style += [("BACKGROUND", (0, r), (-1, r), SHADE) for r in range(first + 1, len(rows), 2)]
    table.setStyle(TableStyle(style))
    return table


def heading_cells(*names: str) -> list[Flowable]:
    """A table's heading row, in the heading style."""
    return [para(n, CELL_HEAD) for n in names]


def build_story(report: Report, width: float) -> list[Flowable]:
    # A long event name gets a smaller title rather than filling the first page.
    story: list[Flowable] = [para(report.title, TITLE if len(report.title) <= 90 else TITLE_LONG)]
    source = _(" from {source}").format(source=report.source) if report.source else ""
    story.append(para(_("Generated {when}{source}.").format(when=local_time(report.generated_at), source=source),
                      SMALL))
    story += _details(report, width) + _reach(report) + _fft(report, width) + _topics(report, width)
    story += _comments(report, width) + _equality(report, width) + _population(report, width)
    story += _actions(report, width)
    return story


def _details(report: Report, width: float) -> list[Flowable]:
    event = report.event
    if event is not None:
        pairs = [(_("Event"), event.name), (_("Kind"), _kind(event.kind)), (_("Date and time"), _when(event)),
                 (_("Venue"), _venue(event.venue, event.locality)),
                 (_("Organiser"), event.organiser), (_("Partners"), event.partners)]
        rows = [[para(k, CELL_BOLD), para(v or "–", CELL)] for k, v in pairs]
        return [para(_("The event"), H2), report_table(rows, [35 * mm, width - 35 * mm], header=False, zebra=False)]
    out: list[Flowable] = [para(_("Events included"), H2), para(
        ngettext("{n} event from {start} to {end}.", "{n} events from {start} to {end}.", len(report.events)).format(
            n=len(report.events), start=_day(report.date_from), end=_day(report.date_to)))]
    rows = [heading_cells(_("Event"), _("Date"), _("Kind"), _("Responses"))]
    rows += [[para(line.info.name, CELL), para(_day(line.info.event_date), CELL), para(_kind(line.info.kind), CELL),
              para(str(line.responses), CELL_NUM)] for line in report.events]
    out.append(report_table(rows, [width - 95 * mm, 28 * mm, 42 * mm, 25 * mm]))
    return out


def _reach(report: Report) -> list[Flowable]:
    reach = report.reach
    rows = [[para(_("Responses in all"), CELL_BOLD), para(str(reach.responses), CELL_NUM)]]
    for mode in ResponseMode:
        rows.append([para("    " + mode.label, CELL), para(str(reach.by_mode.get(mode.value, 0)), CELL_NUM)])
    rows.append([para(_("People who signed up to get involved"), CELL_BOLD), para(str(reach.signups), CELL_NUM)])
    if reach.attendance is not None:
        rows.append([para(_("People at PPG meetings (register)"), CELL_BOLD), para(str(reach.attendance), CELL_NUM)])
    return [para(_("Who we reached"), H2), report_table(rows, [80 * mm, 25 * mm], header=False)]


def _fft(report: Report, width: float) -> list[Flowable]:
    score = report.fft
    out: list[Flowable] = [para(_("Friends and Family Test"), H2)]
    if not score.total:
        return out + [para(_("Nobody answered the Friends and Family Test question."))]
    out.append(para(ngettext("{positive} positive ({p} of {n} answer) · {negative} negative ({q} of {n} answer)",
                             "{positive} positive ({p} of {n} answers) · {negative} negative ({q} of {n} answers)",
                             score.total).format(
        positive=fft.format_percent(score.percent_positive), negative=fft.format_percent(score.percent_negative),
        p=score.positive, q=score.negative, n=score.total), BIG))
    out.append(para(_("As NHS England publishes it: positive is Very good plus Good, negative is Poor plus Very "
                      "poor, both out of every answer given, including Neither good nor poor and Don't know. "
                      "These counts are not hidden when small, as NHS England publishes them too."), SMALL))
    out.append(bar_chart(report.fft_rows, width * 0.8, colours=FFT_COLOURS))
    return [KeepTogether(out)]


def _topics(report: Report, width: float) -> list[Flowable]:
    topics = report.topics
    if topics is None:
        return []
    out: list[Flowable] = [para(_("What the feedback was about"), H2)]
    if not topics.answered:
        return out + [para(_("Nobody chose a topic."))]
    # "<5" stands for several: only an exact 1 is singular.
    out.append(para(ngettext("{n} response answered the topics question. People could choose more than one topic, "
                             "so the counts add up to more than that.",
                             "{n} responses answered the topics question. People could choose more than one topic, "
                             "so the counts add up to more than that.",
                             1 if topics.answered_shown == "1" else 2).format(n=topics.answered_shown), SMALL))
    out.append(bar_chart(topics.rows, width * 0.8))
    if topics.note:
        out.append(para(topics.note, SMALL))
    return [KeepTogether(out)]


def _comments(report: Report, width: float) -> list[Flowable]:
    comments = report.comments
    out: list[Flowable] = [CondPageBreak(60 * mm), para(_("What people said"), H2)]
    if not comments.total:
        return out + [para(_("Nobody left a comment."))]
    out.append(para(ngettext("{shown} of {total} comment shown.", "{shown} of {total} comments shown.",
                             comments.total).format(shown=len(comments.shown), total=comments.total), BIG))
    out.append(para(_("Comments that led to an action come first, then a fair share of comments from people who "
                      "rated us positively, neutrally and negatively, spread through the day. Personal details "
                      "are hidden."), SMALL))
    rows = [heading_cells(_("Comment"), _("Their answer"), _("Topics"))]
    for c in comments.shown:
        answer = c.fft_answer or _("No answer")
        if c.linked_to_action:
            answer += "\n" + _("(led to an action)")
        topic = ", ".join(c.topics) or "–"
        if report.across_events and c.event_name:
            topic += "\n" + c.event_name
        rows.append([para(c.text, CELL), para(answer, CELL), para(topic, SMALL)])
    out.append(report_table(rows, [width - 70 * mm, 30 * mm, 40 * mm]))
    out.append(para(comments.footer, SMALL))
    return out


def _breakdown_table(b: Breakdown, width: float) -> Table:
    rows = [heading_cells(b.title, _("People"))]
    rows += [[para(r.label, CELL), para(r.shown, CELL_NUM)] for r in b.rows]
    if not b.rows and b.note:  # too few answered for any row to be shown: say so where the rows would be
        rows.append([para(b.note, SMALL), ""])
    rows.append([para(_("Answered"), CELL_BOLD), para(b.answered_shown, CELL_NUM)])
    return report_table(rows, [width - 18 * mm, 18 * mm])


def _equality(report: Report, width: float) -> list[Flowable]:
    if not report.equality:
        return []
    out: list[Flowable] = [CondPageBreak(80 * mm), para(_("Equality monitoring: who answered"), H2), para(_(
        "Answers to the optional equality questions. Counts of 1 to 4 are shown as <5, and * marks a count hidden "
        "so that a small one cannot be worked out from the total."), SMALL)]
    column = (width - 8 * mm) / 2
    answered = [b for b in report.equality if b.answered]
    tables = [_breakdown_table(b, column) for b in answered]
    if tables:
        pairs = [tables[i:i + 2] + ([""] if i + 1 == len(tables) else []) for i in range(0, len(tables), 2)]
        grid = Table(pairs, colWidths=[column + 8 * mm, column], hAlign="LEFT")
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (0, -1), 8 * mm), ("RIGHTPADDING", (1, 0), (1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        out.append(grid)
    unanswered = [b.title for b in report.equality if not b.answered]
    if not answered:
        out.append(para(_("Nobody answered the equality monitoring questions.")))
    elif unanswered:
        out.append(para(_("Nobody answered: {questions}.").format(questions="; ".join(unanswered)), SMALL))
    # The fullest footnote covers every table ("*" is explained only where it is used).
    notes = [b.note for b in answered if b.note]
    if notes:
        out.append(para(max(notes, key=len), SMALL))
    return out


def _population(report: Report, width: float) -> list[Flowable]:
    population = report.population
    out: list[Flowable] = [para(_("Who we heard compared with who lives in the area"), H2)]
    if not population.comparisons:
        return out + [para(population.message)]
    area = population.area or _("the area in the population profile")
    out.append(para(_("Shares of the people who answered each question, against the share of residents of {area} "
                      "(the population profile loaded on this laptop). Difference is in percentage points; "
                      "\"Prefer not to say\" is left out of both.").format(area=area), SMALL))
    for comparison in population.comparisons:
        rows = [heading_cells(comparison.dimension.title, _("Heard"), _("Heard %"), _("Living there %"),
                              _("Difference"))]
        for r in comparison.rows:
            share = "" if r.heard_share is None else f"{r.heard_share:.1f}"
            rows.append([para(r.label, CELL), para(r.heard_shown, CELL_NUM), para(share, CELL_NUM),
                         para(f"{r.population_share:.1f}", CELL_NUM), para(format_points(r.difference), CELL_NUM)])
        rows.append([para(_("All who answered"), CELL_BOLD), para(comparison.heard_total_shown, CELL_NUM),
                     para("", CELL), para("", CELL), para("", CELL)])
        block: list[Flowable] = [report_table(rows, [width - 100 * mm, 20 * mm, 24 * mm, 30 * mm, 26 * mm])]
        if comparison.note:
            block.append(para(comparison.note, SMALL))
        block.append(Spacer(1, 4 * mm))
        out.append(KeepTogether(block))
    return out


def _actions(report: Report, width: float) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(50 * mm), para(_("Actions agreed: you said, we did"), H2)]
    if not report.actions:
        return out + [para(_("No actions have been agreed yet."))]
    rows = [heading_cells(_("You said"), _("We will"), _("Owner and due"), _("Status"), _("What was done"))]
    for a in report.actions:
        owner = "\n".join(p for p in (a.owner, _("Due {day}").format(day=_day(a.due_date)) if a.due_date else "") if p)
        said = a.you_said + (f"\n({a.topic})" if a.topic else "")
        if report.across_events:
            said += "\n" + (a.event_name or _("Across events"))
        done = a.what_done + (("\n" + _("Done {day}").format(day=_day(a.done_on))) if a.done_on else "")
        rows.append([para(said, CELL), para(a.we_will, CELL), para(owner or "–", CELL), para(a.status_label, CELL),
                     para(done or "–", CELL)])
    fixed = 28 * mm + 22 * mm
    text = (width - fixed) / 3
    out.append(report_table(rows, [text, text, 28 * mm, 22 * mm, text]))
    return out
