"""The annual evidence pack: read this laptop's figures for a date range, then draw them as a PDF
or an XLSX workbook. ``involve evidence`` and the window's Evidence pack… both run this.

The range includes both its days (see app.store.evidence_input for what counts on which day).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import _

if TYPE_CHECKING:
    from app.core.evidence import ActivityLine, EvidencePack
    from app.store.evidence_input import ActivityFigures, EvidenceInput
    from app.store.store import Store

log = logging.getLogger(__name__)
FORMATS = (".pdf", ".xlsx")
# Each table of the population profile counts every resident once; the first one given is used.
RESIDENT_TABLES = ("TS008", "TS007A", "TS021")


class EvidenceCancelled(Exception):
    """The person pressed Cancel; nothing was written."""


def check_range(date_from: dt.date, date_to: dt.date) -> None:
    """A range the right way round; ``ValueError`` in plain words if not."""
    if date_to < date_from:
        raise ValueError(_("The end of the range ({end}) is before its start ({start}).").format(
            end=date_to.isoformat(), start=date_from.isoformat()))


def today() -> dt.date:
    """The day events count as held up to (a function, so tests can set the day)."""
    return dt.date.today()


def read_evidence_pack(store: Store, date_from: dt.date, date_to: dt.date, *, organisation: str | None = None,
                       now: dt.datetime | None = None) -> EvidencePack:
    """The pack's figures from this laptop, for ``date_from`` to ``date_to`` (both included).

    Events after today (the local day of ``now`` when given) are planned, not held.
    """
    from app.store.evidence_input import read_evidence
    from app.store.known_names import known_names
    from app.store.settings_file import SettingsFile

    check_range(date_from, date_to)
    day = now.astimezone().date() if now is not None else today()
    with store.session() as session:
        figures = read_evidence(session, date_from, date_to, today=day)
        names = known_names(session)
    if organisation is None:
        organisation, _contact = SettingsFile(store.paths.settings).organisation()
    population, area, message = _population(store)
    return assemble(figures, organisation=organisation, population=population, area=area,
                    population_message=message, now=now or dt.datetime.now(dt.UTC), known_names=names)


def assemble(figures: EvidenceInput, *, organisation: str, population: int | None, area: str,
             population_message: str, now: dt.datetime, known_names: Collection[str] = ()) -> EvidencePack:
    """The printed pack from the counts: labels, hours, and small numbers of people hidden.

    The pack may be published in an annual report, so contact details and the names of people
    this laptop holds are masked in what staff wrote about actions and programmes, as in the
    public "you said, we did".
    """
    from app.core.evidence import (
        ChangeLine,
        EventKindLine,
        EvidencePack,
        ProgrammeLine,
        hours_of,
        people_shown,
    )
    from app.core.network import Level
    from app.core.programmes import date_span
    from app.core.redaction import NameIndex, mask_comment

    index = NameIndex.build(known_names)

    def masked(text: str) -> str:
        return mask_comment(text, index).text if text else text

    events = tuple(EventKindLine(_event_kind(kind), count, figures.responses_by_kind.get(kind, 0),
                                 figures.signups_by_kind.get(kind, 0))
                   for kind, count in sorted(figures.events_by_kind.items(), key=lambda kv: (-kv[1], kv[0])))
    by_kind = tuple(_activity_line(_activity_kind(kind), f) for kind, f in sorted(
        figures.activities_by_kind.items(), key=lambda kv: (-kv[1].minutes, kv[0])))
    levels = tuple(_activity_line(level.label, figures.activities_by_level.get(level.value)) for level in Level)
    unknown = set(figures.activities_by_level) - {level.value for level in Level}
    levels += tuple(_activity_line(value, figures.activities_by_level[value]) for value in sorted(unknown))
    changes = tuple(ChangeLine(masked(a.you_said), masked(a.what_done), a.done_on, a.event_name)
                    for a in figures.actions_done)
    programmes = tuple(ProgrammeLine(
        name=p.details.name, decision=masked(p.details.decision), dates=date_span(p.details),
        duty=p.details.duty.value, duty_notes=masked(p.details.duty_notes),
        what_changed=masked(p.details.what_changed), feedback_given=masked(p.details.feedback_given),
        events=p.events, responses=p.responses, signups=p.signups, actions_done=p.actions_done)
        for p in figures.programmes)
    every = figures.activities_all
    return EvidencePack(
        organisation=organisation, date_from=figures.date_from, date_to=figures.date_to, generated_at=now,
        held_to=figures.held_to, events_planned=figures.events_planned, events=events,
        attendance_shown=people_shown(figures.attendance), people_involved_shown=people_shown(figures.people_involved),
        organisations_involved=figures.organisations_involved, population=population, area=area,
        population_message=population_message, activities=every.activities, hours=hours_of(every.minutes),
        members_shown=people_shown(every.people), hours_by_kind=by_kind, levels=levels, changes=changes,
        actions_not_possible=figures.actions_not_possible, actions_open=figures.actions_open, programmes=programmes)


def write_evidence_pack(pack: EvidencePack, out: Path, *, progress: Callable[[int, int], None] | None = None,
                        cancelled: Callable[[], bool] | None = None) -> int:
    """Write the pack as a PDF or XLSX, by ``out``'s suffix; the PDF's pages, or the workbook's sheets.

    Written whole or not at all, readable by this user only. ``EvidenceCancelled`` when
    ``cancelled()`` says so part-way; nothing is written then.
    """
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(_("The evidence pack is written as a .pdf or a .xlsx file, not {suffix}.").format(
            suffix=suffix or _("a file without a suffix")))
    if suffix == ".xlsx":
        from app.documents.evidence_xlsx import write_evidence_xlsx

        if cancelled is not None and cancelled():
            raise EvidenceCancelled()
        sheets = write_evidence_xlsx(out, pack)
        if progress is not None:
            progress(1, 1)
        return sheets
    from app.documents.evidence_pdf import write_evidence_pdf
    from app.documents.report_pdf import Cancelled

    try:
        return write_evidence_pdf(out, pack, progress=progress, cancelled=cancelled)
    except Cancelled:
        raise EvidenceCancelled() from None


def render_evidence_pdf(pack: EvidencePack, *, progress: Callable[[int, int], None] | None = None,
                        cancelled: Callable[[], bool] | None = None) -> tuple[bytes, int]:
    """The PDF's bytes and pages, for the preview."""
    from app.documents.evidence_pdf import render_evidence
    from app.documents.report_pdf import Cancelled

    try:
        return render_evidence(pack, progress=progress, cancelled=cancelled)
    except Cancelled:
        raise EvidenceCancelled() from None


def _population(store: Store) -> tuple[int | None, str, str]:
    from app.core.population import PopulationError
    from app.store.population_file import load_profile

    try:
        profile = load_profile(store.paths)
    except PopulationError as error:
        log.warning("the population profile could not be read for the evidence pack")
        return None, "", _("The population profile could not be read, so there is no comparison: {reason}").format(
            reason=error)
    if profile is None:
        return None, "", _("Population figures were not loaded, so reach against the local population is not "
                           "shown.")
    for table in RESIDENT_TABLES:
        counts = profile.tables.get(table)
        if counts:
            return sum(counts.values()), profile.area_name, ""
    return None, profile.area_name, _("The population profile holds no figures, so there is no comparison.")


def _activity_line(label: str, figures: ActivityFigures | None) -> ActivityLine:
    from app.core.evidence import ActivityLine, hours_of, people_shown

    if figures is None:
        return ActivityLine(label, 0, "0", 0.0)
    return ActivityLine(label, figures.activities, people_shown(figures.people), hours_of(figures.minutes))


def _event_kind(kind: str) -> str:
    from app.core.events import EventKind

    try:
        return EventKind(kind).label
    except ValueError:
        return kind


def _activity_kind(kind: str) -> str:
    from app.core.network import ActivityKind

    try:
        return ActivityKind(kind).label
    except ValueError:
        return kind
