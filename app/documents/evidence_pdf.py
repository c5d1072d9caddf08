"""The annual evidence pack as a PDF: A4, the event report's fonts, styles and page furniture
("Page n of m", when it was generated, the small-numbers footnote), both from :mod:`report_story`
and :mod:`report_pdf`.

Every piece of text staff typed goes through :func:`report_story.para`, so another script,
right-to-left text or stray markup prints as typed. A file path is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from app.core.evidence import (
    ActivityLine,
    EvidencePack,
    ProgrammeLine,
    format_hours,
    short_day,
    suppression_note,
)
from app.core.i18n import _, ngettext
from app.documents.fonts import register_fonts
from app.documents.report_pdf import Cancelled, PageFooter, render_pdf, save_pdf
from app.documents.report_story import (
    BIG,
    BODY,
    CELL,
    CELL_BOLD,
    CELL_HEAD,
    CELL_NUM,
    H2,
    H3,
    MARGIN,
    SMALL,
    TITLE,
    TITLE_LONG,
    heading_cells,
    local_time,
    para,
    report_table,
)

HEAD_NUM = ParagraphStyle("evidenceheadnum", parent=CELL_HEAD, alignment=2)


def _heads_numbers(first: str, *numbers: str) -> list[Flowable]:
    """A table's headings, those over numbers set to the right as the numbers are."""
    return [*heading_cells(first), *[para(n, HEAD_NUM) for n in numbers]]


def build_evidence_story(pack: EvidencePack, width: float) -> list[Flowable]:
    title = pack.title
    story: list[Flowable] = [para(title, TITLE if len(title) <= 70 else TITLE_LONG)]
    made = _("Generated {when} from the records on this laptop. Both days of the range are included.").format(
        when=local_time(pack.generated_at))
    if pack.organisation:
        story.append(para(pack.organisation, BIG))
    story.append(para(made, SMALL))
    if pack.is_empty:  # a page of zeros says less than one plain sentence
        story.append(Spacer(1, 4 * mm))
        story.append(para(pack.nothing_recorded()))
        if pack.coverage_note():
            story.append(para(pack.coverage_note()))
        return story + (_duty(pack, width, heading=_("The public involvement duty")) if pack.programmes else [])
    story += _summary(pack) + _reach(pack, width) + _hours(pack, width) + _levels(pack, width)
    story += _changes(pack, width) + _duty(pack, width)
    return story


def _summary(pack: EvidencePack) -> list[Flowable]:
    out: list[Flowable] = [para(_("In summary"), H2)]
    out += [para(line) for line in pack.summary()]
    return out


def _number(value: int | str) -> Flowable:
    return para(f"{value:,}" if isinstance(value, int) else value, CELL_NUM)


def _reach(pack: EvidencePack, width: float) -> list[Flowable]:
    out: list[Flowable] = [para(_("1. Activities and reach"), H2)]
    if not pack.events:
        out.append(para(_("No events were held in these dates.")))
    else:
        rows = [_heads_numbers(_("Kind of event"), _("Events held"), _("Feedback"), _("Sign-ups"))]
        rows += [[para(e.label, CELL), _number(e.events), _number(e.responses), _number(e.signups)]
                 for e in pack.events]
        rows.append([para(_("All events"), CELL_BOLD), _number(pack.event_count), _number(pack.responses),
                     _number(pack.signups)])
        out.append(report_table(rows, [width - 90 * mm, 30 * mm, 30 * mm, 30 * mm]))
        out.append(Spacer(1, 3 * mm))
    if pack.events_planned:
        out.append(para(ngettext("{n} event later in these dates is planned, not yet held, and is not counted.",
                                 "{n} events later in these dates are planned, not yet held, and are not counted.",
                                 pack.events_planned).format(n=f"{pack.events_planned:,}"), SMALL))
    pairs = [(_("Attendances on PPG meeting registers"), pack.attendance_shown),
             (_("Members of the network who took part in activities"), pack.people_involved_shown),
             (_("Organisations that took part in activities"), f"{pack.organisations_involved:,}")]
    if pack.population:
        pairs.append((_("People living in {area}").format(area=pack.area or _("the area")), f"{pack.population:,}"))
        per = pack.reached_per_thousand or 0.0
        pairs.append((_("Pieces of feedback and sign-ups per 1,000 residents"), f"{per:.1f}"))
    rows = [[para(k, CELL_BOLD), _number(v)] for k, v in pairs]
    out.append(report_table(rows, [width - 30 * mm, 30 * mm], header=False))
    if pack.population:
        out.append(para(_("Set against the residents in the population profile loaded on this laptop. Someone who "
                          "gave feedback and also signed up is counted twice."), SMALL))
    else:
        out.append(para(pack.population_message, SMALL))
    return out


def _activity_table(title: str, lines: Sequence[ActivityLine], width: float, total: ActivityLine | None
                    ) -> Flowable:
    rows = [_heads_numbers(title, _("Activities"), _("Members"), _("Hours"))]
    rows += [[para(line.label, CELL), _number(line.activities), _number(line.people_shown),
              _number(format_hours(line.hours))] for line in lines]
    if total is not None:
        rows.append([para(total.label, CELL_BOLD), _number(total.activities), _number(total.people_shown),
                     _number(format_hours(total.hours))])
    return report_table(rows, [width - 90 * mm, 30 * mm, 30 * mm, 30 * mm])


def _hours(pack: EvidencePack, width: float) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(50 * mm), para(_("2. Hours contributed by members"), H2)]
    if not pack.activities:
        return out + [para(_("No activities were recorded in members' involvement logs in these dates."))]
    out.append(para(ngettext("Members gave {hours} hours in {n} activity recorded in their involvement logs.",
                             "Members gave {hours} hours in {n} activities recorded in their involvement logs.",
                             pack.activities).format(hours=format_hours(pack.hours), n=f"{pack.activities:,}")))
    total = ActivityLine(_("All activities"), pack.activities, pack.members_shown, pack.hours)
    out.append(_activity_table(_("Kind of activity"), pack.hours_by_kind, width, total))
    out.append(para(_("A member who took part in more than one kind of activity is counted once in each."), SMALL))
    return out


def _levels(pack: EvidencePack, width: float) -> list[Flowable]:
    out: list[Flowable] = [para(_("3. The level of involvement"), H2), para(_(
        "Each activity is placed on the ladder of participation, from informing people (the lowest rung) to "
        "co-producing with them (the highest)."), SMALL)]
    out.append(_activity_table(_("Level"), pack.levels, width, None))
    return [KeepTogether(out)]


def _changes(pack: EvidencePack, width: float) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(60 * mm), para(_("4. What changed as a result"), H2)]
    out.append(para(ngettext("{n} “you said, we did” action was completed in these dates.",
                             "{n} “you said, we did” actions were completed in these dates.",
                             len(pack.changes)).format(n=len(pack.changes))))
    extra = []
    if pack.actions_not_possible:
        extra.append(ngettext("{n} action could not be done (the public were told why).",
                              "{n} actions could not be done (the public were told why).",
                              pack.actions_not_possible).format(n=pack.actions_not_possible))
    if pack.actions_open:
        extra.append(ngettext("{n} action agreed at these dates' events is still open.",
                              "{n} actions agreed at these dates' events are still open.",
                              pack.actions_open).format(n=pack.actions_open))
    if extra:
        out.append(para(" ".join(extra)))
    if pack.changes:
        rows = [heading_cells(_("You said"), _("We did"), _("Done"))]
        for change in pack.changes:
            said = change.you_said + ("\n" + change.event_name if change.event_name else "")
            rows.append([para(said, CELL), para(change.we_did, CELL), para(short_day(change.done_on), CELL)])
        text = (width - 26 * mm) / 2
        out.append(report_table(rows, [text, text, 26 * mm]))
    changed = pack.changed_programmes
    if changed:
        out.append(para(_("Programmes and decisions: what changed"), H3))
        for p in changed:
            out.append(KeepTogether(_programme_block(p, width, duty=False)))
    return out


def _programme_block(p: ProgrammeLine, width: float, *, duty: bool) -> list[Flowable]:
    pairs = [(_("Decision"), p.decision)]
    if duty:
        pairs.append((_("Why the duty applied") if p.duty == "yes" else _("Notes"), p.duty_notes))
    pairs += [(_("What changed"), p.what_changed), (_("Feedback to participants"), p.feedback_given)]
    heard = ngettext("{n} event in these dates", "{n} events in these dates", p.events).format(n=p.events)
    heard += "; " + ngettext("{n} piece of feedback", "{n} pieces of feedback", p.responses).format(
        n=f"{p.responses:,}")
    heard += " " + ngettext("and {n} sign-up", "and {n} sign-ups", p.signups).format(n=f"{p.signups:,}")
    heard += "; " + ngettext("{n} action done", "{n} actions done", p.actions_done).format(n=p.actions_done)
    pairs.append((_("Involvement"), heard))
    name = p.name + (f" ({p.dates})" if p.dates else "")
    rows = [[para(k, CELL_BOLD), para(v or "–", CELL)] for k, v in pairs]
    return [para(name, H3), report_table(rows, [42 * mm, width - 42 * mm], header=False, zebra=False),
            Spacer(1, 2 * mm)]


def _duty(pack: EvidencePack, width: float, heading: str | None = None) -> list[Flowable]:
    heading = heading or _("5. The public involvement duty")
    out: list[Flowable] = [CondPageBreak(60 * mm), para(heading, H2), para(_(
        "Programmes and decisions that ran at some time in these dates, and whether the duty to involve the "
        "public applied to them."), SMALL)]
    applied = pack.programmes_with("yes")
    out.append(para(ngettext("The duty applied to {n} programme or decision",
                             "The duty applied to {n} programmes or decisions", len(applied)).format(n=len(applied)),
                    H3))
    if not applied:
        out.append(para(_("None recorded.")))
    for p in applied:
        out.append(KeepTogether(_programme_block(p, width, duty=True)))
    others = pack.programmes_with("no")
    if others:
        rows = [heading_cells(_("Programme or decision"), _("Why not"))]
        rows += [[para(p.name, CELL), para(p.duty_notes or _("No reason recorded."), CELL)] for p in others]
        out.append(KeepTogether([para(_("The duty did not apply"), H3),
                                 report_table(rows, [70 * mm, width - 70 * mm])]))
    undecided = pack.programmes_with("undecided")
    if undecided:
        out.append(KeepTogether([para(_("Not decided yet"), H3), para("; ".join(p.name for p in undecided), BODY)]))
    if pack.any_suppressed:
        out.append(Spacer(1, 3 * mm))
        out.append(para(suppression_note(), SMALL))
    return out


def render_evidence(pack: EvidencePack, *, progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> tuple[bytes, int]:
    """The PDF's bytes and its page count; ``Cancelled`` when ``cancelled()`` says so."""
    register_fonts()
    if cancelled is not None and cancelled():
        raise Cancelled()
    footer = PageFooter(pack.short_title, pack.generated_at, footnote=_("Small numbers: <5 means 1 to 4 people."))
    return render_pdf(build_evidence_story(pack, A4[0] - 2 * MARGIN), footer,
                      title=pack.title, subject=_("Public involvement evidence pack"), progress=progress,
                      cancelled=cancelled)


def write_evidence_pdf(out: Path | BinaryIO, pack: EvidencePack, *,
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> int:
    """Write the pack as a PDF (owner-only, whole or not at all); returns the number of pages."""
    data, pages = render_evidence(pack, progress=progress, cancelled=cancelled)
    save_pdf(out, data)
    return pages
