"""The pieces of an event report: topics, equality monitoring, comments, population, actions.

app.core.report puts them together. Pure: rows in, printable parts out.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from app.core import fft
from app.core.actions import ActionStatus
from app.core.i18n import N_, _
from app.core.population import EQUALITY_SURVEY, Comparison, Profile, compare, count_heard, dimensions
from app.core.redaction import NameIndex, add_counts, footer_line, mask_comment
from app.core.report_model import (
    TOPICS_QUESTION,
    TOPICS_SURVEY,
    ActionInfo,
    ActionLine,
    Breakdown,
    Comment,
    Comments,
    Population,
    ResponseInfo,
    suppressed_rows,
)
from app.core.suppression import SECONDARY_MARK, THRESHOLD
from app.core.survey_versions import all_versions, option_labels, survey_version
from app.core.surveys import QuestionType, Survey, pick

# Short headings for the equality questions the report prints (the questions themselves are long).
_EQUALITY_TITLES = {
    "age_band": N_("Age"), "sex": N_("Sex"), "gender_same_as_birth": N_("Gender the same as sex registered at birth"),
    "ethnicity": N_("Ethnic group"), "long_term_condition": N_("Long-term physical or mental health condition"),
    "condition_reduces_activity": N_("Condition reduces day-to-day activities"),
    "carer": N_("Unpaid carer (hours a week)"),
}
_PREFER_NOT = "prefer_not_to_say"
# Text answers that are not comments: a postcode district says where someone lives.
_NOT_COMMENTS = {(EQUALITY_SURVEY, "postcode_district")}
SENTIMENTS = ("positive", "neutral", "negative", "none")


class Labels:
    """Answer labels from the survey definitions, in one language.

    Answers are read by the versions the report's responses were given with (``used``:
    survey id -> versions), newest first: an old event lists the options it was asked with,
    not those a later version added.
    """

    def __init__(self, surveys: Mapping[str, Survey], language: str,
                 used: Mapping[str, Collection[int]] | None = None) -> None:
        self.surveys = surveys
        self.language = language
        self.used = used or {}
        self._cache: dict[tuple[str, str], dict[str, str]] = {}

    def definitions(self, survey_id: str) -> list[Survey]:
        """The versions of a survey the responses used, newest first; the current one when none did."""
        found: list[Survey] = []
        for version in sorted(self.used.get(survey_id, ()), reverse=True):
            survey = survey_version(self.surveys, survey_id, version)
            if survey is not None and survey not in found:
                found.append(survey)
        current = self.surveys.get(survey_id)
        return found or ([current] if current is not None else [])

    def options(self, survey_id: str, question_id: str) -> dict[str, str]:
        key = (survey_id, question_id)
        if key not in self._cache:
            self._cache[key] = option_labels(self.definitions(survey_id), question_id, self.language)
        return self._cache[key]

    def fft(self, answer: str) -> str:
        fallback = {fft.VERY_GOOD: _("Very good"), fft.GOOD: _("Good"), fft.NEITHER: _("Neither good nor poor"),
                    fft.POOR: _("Poor"), fft.VERY_POOR: _("Very poor"), fft.DONT_KNOW: _("Don't know")}
        return self.options(fft.SURVEY_ID, fft.RATING_QUESTION).get(answer) or fallback.get(answer, answer)

    def topic(self, value: str) -> str:
        """A topic's words: as the responses' versions put it, else as any version known did."""
        found = self.options(TOPICS_SURVEY, TOPICS_QUESTION).get(value)
        if found is None:
            every = all_versions(self.surveys, TOPICS_SURVEY)
            found = option_labels(every, TOPICS_QUESTION, self.language).get(value, value)
        return found


def _answered(value: object) -> bool:
    return value is not None and value != "" and value != []


def topic_breakdown(responses: Sequence[ResponseInfo], labels: Labels) -> Breakdown:
    """Topics chosen, with small numbers hidden; ``answered`` is people, not choices (multiple choice)."""
    options = labels.options(TOPICS_SURVEY, TOPICS_QUESTION)
    counts: Counter[str] = Counter()
    answered = 0
    for response in responses:
        chosen = (response.answers.get(TOPICS_SURVEY) or {}).get(TOPICS_QUESTION)
        if not _answered(chosen):
            continue
        answered += 1
        choices = chosen if isinstance(chosen, list) else [chosen]
        counts.update({str(c) for c in choices if isinstance(c, str | int)})  # once each; damaged ones skipped
    order = list(options) + sorted(k for k in counts if k not in options)
    rows, shown = suppressed_rows({k: counts.get(k, 0) for k in order}, {k: labels.topic(k) for k in order},
                                  partition=False)
    answered_shown = f"<{THRESHOLD}" if 0 < answered < THRESHOLD else str(answered)
    return Breakdown(_("Topics"), rows, answered, answered_shown, shown.note(), TOPICS_QUESTION)


def equality_breakdowns(responses: Sequence[ResponseInfo], labels: Labels, *,
                        asked: bool = False) -> tuple[Breakdown, ...]:
    """One suppressed breakdown per equality question; empty when no event asked them and nobody answered."""
    survey = next(iter(labels.definitions(EQUALITY_SURVEY)), None)
    given = [r.answers.get(EQUALITY_SURVEY) or {} for r in responses]
    if survey is None or not (asked or any(any(_answered(v) for v in a.values()) for a in given)):
        return ()
    groups = dimensions()["ethnic_group"]
    out = []
    for question in survey.questions:
        if question.type not in (QuestionType.SINGLE, QuestionType.YES_NO, QuestionType.MULTIPLE):
            continue
        options = labels.options(EQUALITY_SURVEY, question.id)
        if question.id == "ethnicity":
            # The detailed list has 19 answers, most of them small at one event: count the five
            # ONS groups, as the population comparison does.
            to_key = {a: c.key for c in groups.categories for a in c.answers}
            names = {c.key: c.label for c in groups.categories} | {_PREFER_NOT: options.get(_PREFER_NOT, _PREFER_NOT)}
            order = [c.key for c in groups.categories] + ([_PREFER_NOT] if _PREFER_NOT in options else [])
        else:
            to_key = {}
            names = dict(options)
            order = list(options)
        counts = dict.fromkeys(order, 0)
        answered = 0
        for answers in given:
            value = answers.get(question.id)
            if not _answered(value):
                continue
            answered += 1
            for v in value if isinstance(value, list) else [value]:
                if not isinstance(v, str | int):  # a damaged answer: counted as answered, in no row
                    continue
                key = to_key.get(str(v), str(v))
                if key not in counts:
                    counts[key] = 0
                    names.setdefault(key, key)
                counts[key] += 1
        rows, shown = suppressed_rows(counts, names, partition=question.type is not QuestionType.MULTIPLE)
        if shown.total_shown == f"<{THRESHOLD}" and all(cell.suppressed for cell in shown.cells):
            # A handful answered: every row, zeros too, would print "<5" and read as 1 to 4 people
            # each. No rows at all says the same without a "<5" that stands for nobody.
            rows = ()
        title = (_(_EQUALITY_TITLES[question.id]) if question.id in _EQUALITY_TITLES
                 else pick(question.text, labels.language))
        out.append(Breakdown(title, rows, answered, shown.total_shown if question.type is not QuestionType.MULTIPLE
                             else (f"<{THRESHOLD}" if 0 < answered < THRESHOLD else str(answered)), shown.note(),
                             question.id))
    return tuple(out)


def _sentiment(rating: str | None) -> str:
    if rating in fft.POSITIVE:
        return "positive"
    if rating in fft.NEGATIVE:
        return "negative"
    if rating in (fft.NEITHER, fft.DONT_KNOW):
        return "neutral"
    return "none"


def _text_questions(labels: Labels) -> list[tuple[str, str, str]]:
    """The comment questions of every version the responses used, each once, in the newest words."""
    found: dict[tuple[str, str], str] = {}
    for survey_id in labels.surveys:
        for survey in labels.definitions(survey_id):
            for q in survey.questions:
                if (q.type is QuestionType.TEXT and (survey_id, q.id) not in _NOT_COMMENTS
                        and q.format != "postcode_district"):
                    found.setdefault((survey_id, q.id), pick(q.text, "en"))
    return [(survey_id, question_id, text) for (survey_id, question_id), text in found.items()]


def _spread(items: list, take: int) -> list:
    """``take`` items spread evenly through ``items`` (which are in time order), not the first few."""
    if take >= len(items):
        return list(items)
    return [items[(i * len(items)) // take] for i in range(take)]


# Sorting is one call into C that holds Python's lock throughout: 100,000 responses at once held
# it for 100 to 150 ms, and a kiosk's save on another thread waited that long. In pieces of this
# many, each sort is a millisecond or two, and merging them lets other threads in between.
SORT_PIECE = 2_000


def _when(response: ResponseInfo) -> tuple[dt.datetime, str]:
    return (response.submitted_at, response.id)


def in_time_order(responses: Sequence[ResponseInfo], piece: int = SORT_PIECE) -> Iterator[ResponseInfo]:
    """``responses`` oldest first (then by id), as ``sorted`` would give them, never holding
    Python's lock for long."""
    pieces = [sorted(responses[start:start + piece], key=_when) for start in range(0, len(responses), piece)]
    return heapq.merge(*pieces, key=_when)


def select_comments(responses: Sequence[ResponseInfo], actions: Sequence[ActionInfo], labels: Labels,
                    event_names: Mapping[str, str], known_names: Iterable[str], *,
                    limit: int, shown_topics: Collection[str] = frozenset()) -> Comments:
    """A fair selection of comments, masked: those that led to an action first, then an even share
    of positive, neutral and negative (and unrated) comments, spread over the day(s)."""
    questions = _text_questions(labels)
    linked_ids = {a.response_id for a in actions if a.response_id}
    found: list[tuple[ResponseInfo, str, str]] = []
    for response in in_time_order(responses):
        for survey_id, question_id, question_text in questions:
            text = (response.answers.get(survey_id) or {}).get(question_id)
            if isinstance(text, str) and text.strip():
                found.append((response, question_text, text))
    linked = [f for f in found if f[0].id in linked_ids][:limit]
    buckets: dict[str, list] = {s: [] for s in SENTIMENTS}
    for item in found:
        if item[0].id not in linked_ids:
            buckets[_sentiment(item[0].fft_rating)].append(item)
    quota = dict.fromkeys(SENTIMENTS, 0)
    room = limit - len(linked)
    while room > 0 and any(quota[s] < len(buckets[s]) for s in SENTIMENTS):
        for s in SENTIMENTS:
            if room > 0 and quota[s] < len(buckets[s]):
                quota[s] += 1
                room -= 1
    chosen = linked + [item for s in SENTIMENTS for item in _spread(buckets[s], quota[s])]
    index = NameIndex.build(known_names)
    masked = [mask_comment(text, index) for _r, _q, text in chosen]
    comments = []
    for (response, question, _text), result in zip(chosen, masked, strict=True):
        rating = response.fft_rating
        picked = (response.answers.get(TOPICS_SURVEY) or {}).get(TOPICS_QUESTION) or []
        picked = [t for t in (picked if isinstance(picked, list) else [picked]) if t in shown_topics]
        comments.append(Comment(
            text=result.text, question=question, fft_answer=labels.fft(rating) if rating else "",
            sentiment=_sentiment(rating), topics=tuple(labels.topic(t) for t in picked),
            event_name=event_names.get(response.event_id, ""), linked_to_action=response.id in linked_ids))
    return Comments(tuple(comments), len(found), footer_line(add_counts(masked)) if masked else "")


def population(responses: Sequence[ResponseInfo], profile: Profile | None, problem: str = "",
               equality: Sequence[Breakdown] = ()) -> Population:
    """Heard against living there, for age, sex and ethnic group; a plain message when it cannot be shown.

    ``equality`` are the report's equality tables: the comparison hides whatever they hide, so
    the two tables side by side give away nothing either hides alone.
    """
    if profile is None:
        return Population("", (), problem or _(
            "No population profile is loaded, so who was heard is not compared with who lives in the area. "
            "To add one: involve population add FILE (see docs/population-profile.md)."))
    answers = [r.answers for r in responses]
    dims = dimensions()
    tables = {b.question: b for b in equality}
    comparisons = []
    for key in ("age", "sex", "ethnic_group"):
        dimension = dims[key]
        result = compare(dimension, count_heard(answers, dimension), profile)
        if result is not None:
            comparisons.append(_consistent(result, tables.get(dimension.question)))
    area = profile.area_name or profile.area_code
    if not any(c.heard_total for c in comparisons):
        return Population(area, (), _("Nobody answered the equality questions on age, sex or ethnic group, "
                                      "so there is nothing to compare with the population."))
    return Population(area, tuple(comparisons), "")


def _consistent(comparison: Comparison, table: Breakdown | None) -> Comparison:
    """Hide in the comparison what the equality table hides.

    A group is hidden if any answer in it is hidden in the table. The comparison leaves
    "Prefer not to say" out of its total; if the table hides that count, the comparison's total
    and every share are hidden too, since the total (worked out from a share) would give it away.
    """
    if table is None:
        return comparison
    hidden = {row.key for row in table.rows if row.value is None}
    # The table hides its total whenever it hides a count; the comparison's total, and the
    # shares it could be worked out from, would give that total back.
    others_hidden = table.answered_shown != str(table.answered)
    rows = []
    for row in comparison.rows:
        category = next(c for c in comparison.dimension.categories if c.key == row.key)
        hide = row.key in hidden or any(a in hidden for a in category.answers)
        if hide and not row.suppressed:
            mark = f"<{THRESHOLD}" if 0 < row.heard < THRESHOLD else SECONDARY_MARK
            row = replace(row, heard_shown=mark, heard_share=None, difference=None, suppressed=True)
        if others_hidden:
            row = replace(row, heard_share=None, difference=None)
        rows.append(row)
    note = comparison.note or (table.note if hidden else "")
    if others_hidden:
        note = (note + " " if note else "") + _(
            "Shares are not shown: the equality table above hides a small number, and the shares would "
            "give it away.")
    total = f"<{THRESHOLD}" if others_hidden and 0 < comparison.heard_total < THRESHOLD else (
        SECONDARY_MARK if others_hidden else comparison.heard_total_shown)
    return replace(comparison, rows=tuple(rows), heard_total_shown=total, note=note)


def action_lines(actions: Sequence[ActionInfo], event_names: Mapping[str, str], labels: Labels,
                 known_names: Iterable[str]) -> tuple[ActionLine, ...]:
    """Actions agreed, soonest due first; every text is masked like a comment (it may quote one)."""
    index = NameIndex.build(known_names)
    out = []
    for a in sorted(actions, key=lambda a: (a.due_date or dt.date.max, a.created_at, a.id)):
        try:
            status = ActionStatus(a.status)
            label = status.label
        except ValueError:
            label = a.status
        out.append(ActionLine(
            you_said=mask_comment(a.you_said, index).text, we_will=mask_comment(a.we_will, index).text,
            owner=a.owner, due_date=a.due_date, status=a.status, status_label=label,
            what_done=mask_comment(a.what_done, index).text, done_on=a.done_on,
            event_name=event_names.get(a.event_id or "", ""), topic=labels.topic(a.topic) if a.topic else ""))
    return tuple(out)
