"""Sample data for training and benchmarks: events around Kent and the feedback given at them.

Every event goes through ``validate_event`` and ``add_event``, and every response through
``submit_response``, so sample data is checked exactly like real data. The same seed gives
the same content (names, dates, answers); ids and ``created_at`` are new each time, so
seeding a store twice adds to it rather than colliding.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core import fft
from app.core.events import EventDetails, EventKind, validate_event
from app.core.i18n import _, ngettext
from app.core.responses import ResponseMode
from app.core.surveys import Question, QuestionType, Survey
from app.store.events import add_event
from app.store.responses import submit_response
from app.store.store import Store

MAX_COUNT = 100_000
BATCH = 2_000  # responses per transaction: few commits, and a short hold on the write lock
NOTE = "Sample data for training, made by involve demo."
PAST_DAYS, FUTURE_DAYS = 120, 21
PREFER_NOT = "prefer_not_to_say"
NO_ANSWER = object()  # a question the person left blank

# ----- the places and occasions

TOWNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Canterbury", ("CT1", "CT2")), ("Maidstone", ("ME14", "ME15", "ME16")), ("Ashford", ("TN23", "TN24")),
    ("Folkestone", ("CT19", "CT20")), ("Margate", ("CT9",)), ("Dartford", ("DA1", "DA2")),
    ("Gravesend", ("DA11", "DA12")), ("Tunbridge Wells", ("TN1", "TN2", "TN4")), ("Dover", ("CT16", "CT17")),
    ("Ramsgate", ("CT11", "CT12")), ("Whitstable", ("CT5",)), ("Sittingbourne", ("ME10",)),
    ("Sevenoaks", ("TN13",)), ("Herne Bay", ("CT6",)), ("Deal", ("CT14",)),
)
SURGERIES = ("High Street Surgery", "Station Road Medical Centre", "Riverside Surgery", "Church Lane Practice",
             "Park View Health Centre", "The Orchard Surgery", "Market Place Surgery", "Westgate Medical Practice")


@dataclass(frozen=True)
class _Kind:
    kind: EventKind
    weight: float  # how often such events happen
    crowd: float  # how many responses one gathers, relative to the others
    names: tuple[str, ...]
    venues: tuple[str, ...]
    starts: tuple[str, ...]
    hours: tuple[float, ...]


KINDS = (
    _Kind(EventKind.COMMUNITY_EVENT, 30, 6,
          ("Health and wellbeing fair", "Carers' coffee morning", "Men's health drop-in", "Family health day",
           "Older people's forum", "Healthy ageing café", "Young people's health day", "Community health check day"),
          ("{town} Community Centre", "St Mary's Church Hall, {town}", "{town} Baptist Church Hall",
           "{town} Leisure Centre", "{town} Town Hall"),
          ("10:00", "10:30", "11:00"), (3, 4, 5)),
    _Kind(EventKind.OUTREACH_STALL, 30, 8,
          ("Health information stall", "Pharmacy First stall", "Winter vaccines stall", "NHS App help stall",
           "Market day stall", "Hospital services stall"),
          ("{town} Market", "{town} shopping centre", "{town} Library", "{town} railway station", "{town} Food Bank"),
          ("09:30", "10:00"), (3, 4, 6)),
    _Kind(EventKind.PPG_MEETING, 15, 2, ("{surgery} PPG meeting",), ("{surgery}, {town}",),
          ("14:00", "18:00", "18:30"), (1.5,)),
    _Kind(EventKind.CONSULTATION, 10, 4,
          ("Urgent care review: public meeting", "Community hospital services consultation",
           "Mental health services listening event", "Maternity services consultation",
           "Stroke services drop-in"),
          ("{town} Town Hall", "{town} Library", "{town} Community Centre"), ("14:00", "18:30"), (2, 2.5)),
    _Kind(EventKind.FOCUS_GROUP, 10, 1.5,
          ("Focus group: getting a GP appointment", "Focus group: using the NHS App", "Focus group: carers",
           "Focus group: young people's mental health", "Focus group: NHS dentistry"),
          ("{town} Library meeting room", "{town} Community Centre"), ("10:00", "13:30", "18:00"), (1.5, 2)),
    _Kind(EventKind.OTHER, 5, 3, ("Volunteer open day", "Pharmacy awareness week", "Cost of living advice day"),
          ("{town} Community Centre", "{town} Library"), ("10:00",), (4,)),
)
ORGANISERS = ("Engagement team", "Patient experience team", "Primary care engagement",
              "Communications and engagement")
PARTNERS = ("", "", "Healthwatch Kent", "Age UK", "Carers' support charity", "Citizens Advice",
            "Primary care network", "Kent County Council public health", "Local pharmacy")
SURVEY_SETS = ((("fft", "topics", "equality"), 75), (("fft", "topics"), 10), (("fft",), 15))

# ----- how people answer

FFT_WEIGHTS = {fft.VERY_GOOD: 52, fft.GOOD: 27, fft.NEITHER: 7, fft.POOR: 5, fft.VERY_POOR: 3, fft.DONT_KNOW: 6}
MODE_WEIGHTS = {ResponseMode.KIOSK: 80, ResponseMode.STAFF: 14, ResponseMode.PAPER: 6}
POLISH_SHARE = 0.1
WEIGHTS: dict[str, dict[str, float]] = {
    "topics": {"gp_access": 30, "hospital": 18, "urgent_care": 10, "mental_health": 12, "social_care": 6,
               "pharmacy": 10, "dental": 12, "transport": 6, "other": 4},
    "age_band": {"under_16": 1, "16_24": 6, "25_34": 10, "35_44": 12, "45_54": 14, "55_64": 16, "65_74": 18,
                 "75_84": 12, "85_plus": 4},
    "sex": {"female": 58, "male": 40},
    "gender_same_as_birth": {"yes": 97, "no": 1},
    "ethnicity": {"white_british": 80, "white_other": 5, "white_irish": 1, "white_gypsy_traveller": 1,
                  "white_roma": 0.5, "asian_indian": 3, "asian_pakistani": 1, "asian_bangladeshi": 0.5,
                  "asian_chinese": 0.5, "asian_other": 1, "black_african": 2.5, "black_caribbean": 0.5,
                  "black_other": 0.3, "mixed_white_asian": 0.6, "mixed_white_black_african": 0.6,
                  "mixed_white_black_caribbean": 0.6, "mixed_other": 0.5, "other_arab": 0.3, "other_any": 0.5},
    "long_term_condition": {"yes": 40, "no": 60},
    "condition_reduces_activity": {"a_lot": 30, "a_little": 45, "not_at_all": 25},
    "carer": {"no": 75, "up_to_9": 8, "10_to_19": 5, "20_to_34": 4, "35_to_49": 3, "50_plus": 5},
}
POLISH_WEIGHTS = {"ethnicity": {"white_other": 95, "mixed_other": 2, "other_any": 3}}

_POSITIVE = {
    "en": ("Really helpful to be able to talk to someone without an appointment.",
           "Staff were friendly and took the time to listen.", "Good to see the NHS out in the community.",
           "Useful information about the Pharmacy First service.", "Very informative, thank you.",
           "I didn't know about the minor injuries unit, so this was useful.",
           "The blood pressure check was quick and easy.", "Nice to be asked what we think for once.",
           "Clear leaflets and a friendly chat.", "My surgery has got much better at calling me back.",
           "Helped me set up the NHS App on my phone.", "Lovely people, no rush, explained everything."),
    "pl": ("Bardzo pomocne, dziękuję.", "Miła i pomocna obsługa.", "Dobrze, że można porozmawiać bez wizyty.",
           "Przydatne informacje o aptece.", "Personel był życzliwy i cierpliwy.",
           "Pomogli mi zainstalować aplikację NHS."),
}
_MIXED = {
    "en": ("Getting a GP appointment is still hard, but the staff here were helpful.",
           "Fine, but I had to wait a while to speak to someone.",
           "It would help to have information in other languages.", "OK, though I'm not sure what will change.",
           "Helpful, but I'd like to know what happens to this feedback.",
           "Good idea but it was hard to find the stall."),
    "pl": ("Trudno umówić się do lekarza, ale tutaj pomogli.", "Przydałyby się ulotki po polsku.",
           "W porządku, ale długo czekałem."),
}
_NEGATIVE = {
    "en": ("I have been waiting months for a hospital appointment and nobody tells me anything.",
           "Can never get through on the phone at 8am.", "Parking at the hospital is far too expensive.",
           "The bus to the hospital only runs every two hours.", "No NHS dentist taking new patients near me.",
           "Sorting out a repeat prescription takes far too long.",
           "Mental health support for young people takes far too long.",
           "Nobody joins up between the hospital and the surgery."),
    "pl": ("Bardzo długo czekam na wizytę w szpitalu.", "Nie mogę się dodzwonić do przychodni rano.",
           "Brak dentysty NHS w okolicy.", "Za mało informacji w języku polskim."),
}
_UNSURE = {
    "en": ("Not sure, it's my first time at one of these.", "Don't know yet, ask me after my appointment."),
    "pl": ("Nie wiem, jestem tu pierwszy raz.",),
}
_EXTRA = {
    "en": ("Thank you.", "Keep it up.", "Please pass this on.", "More of these events please.",
           "Evenings would suit working people better."),
    "pl": ("Dziękuję.", "Proszę przekazać dalej."),
}


@dataclass(frozen=True)
class DemoSummary:
    """What was added, for the person who asked and for scripts."""

    seed: int
    events: int
    held: int  # events on a day before today, which are the ones with feedback
    responses: int
    languages: dict[str, int]
    modes: dict[str, int]
    fft: dict[str, int]
    event_ids: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        score = fft.FftScore(self.fft)
        return {"seed": self.seed, "events": self.events, "events_held": self.held,
                "events_coming_up": self.events - self.held, "responses": self.responses,
                "languages": self.languages, "modes": self.modes, "fft": self.fft,
                "fft_percent_positive": score.percent_positive, "fft_percent_negative": score.percent_negative,
                "event_ids": list(self.event_ids)}

    def lines(self) -> list[str]:
        score = fft.FftScore(self.fft)
        languages = {"en": _("English"), "pl": _("Polish")}
        events = ngettext("{n} event", "{n} events", self.events).format(n=self.events)
        responses = ngettext("{n} response", "{n} responses", self.responses).format(n=self.responses)
        lines = [_("Added sample data for training: {events} ({held} held, {coming} coming up) and {responses}.")
                 .format(events=events, held=self.held, coming=self.events - self.held, responses=responses)]
        if self.responses:
            lines += [
                "  " + _("Languages: {list}").format(list=", ".join(
                    f"{languages.get(code, code)} {n}" for code, n in self.languages.items())),
                "  " + _("How given: {list}").format(list=", ".join(
                    f"{ResponseMode(mode).label} {n}" for mode, n in self.modes.items())),
                "  " + ngettext("Friends and Family Test: {positive} positive, {negative} negative, of {total} answer",
                                "Friends and Family Test: {positive} positive, {negative} negative, of {total} answers",
                                score.total).format(positive=fft.format_percent(score.percent_positive),
                        negative=fft.format_percent(score.percent_negative), total=score.total),
            ]
        lines.append("  " + _("Seed {seed}: run again with --seed {seed} for the same data.").format(seed=self.seed))
        return lines


def parse_count(text: object) -> int:
    """A count of things to make, from 0 to ``MAX_COUNT``; ``ValueError`` saying what to give."""
    try:
        value = int(str(text).strip())
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_COUNT:
        raise ValueError(_("give a whole number from 0 to {limit}, not '{text}'").format(limit=MAX_COUNT, text=text))
    return value


def check_request(events: int, responses: int, surveys: Mapping[str, Survey]) -> None:
    """``ValueError`` in plain words if this cannot be made; checked before anything is written."""
    if responses and not events:
        raise ValueError(_("responses need at least one event to belong to; give --events 1 or more."))
    if fft.SURVEY_ID not in surveys:
        raise ValueError(_("this laptop has no Friends and Family Test survey to answer."))


def new_seed() -> int:
    return secrets.randbelow(1_000_000)


def seed_demo(store: Store, surveys: Mapping[str, Survey], *, events: int, responses: int, seed: int,
              today: dt.date | None = None, batch: int = BATCH) -> DemoSummary:
    """Add ``events`` sample events and ``responses`` responses spread over those already held."""
    check_request(events, responses, surveys)
    rng = random.Random(seed)
    today = today or dt.date.today()
    planned = plan_events(rng, events, today, surveys)
    with store.session() as session:
        ids = [add_event(session, store.device_id, details).id for details in planned]
    held = [(event_id, details) for event_id, details in zip(ids, planned, strict=True) if details.event_date < today]
    weights = [_kind(details.kind).crowd * rng.uniform(0.5, 1.5) for _event, details in held]
    languages: Counter[str] = Counter()
    modes: Counter[str] = Counter()
    ratings: Counter[str] = Counter()
    made = 0
    while made < responses:
        size = min(batch, responses - made)
        with store.session() as session:
            for event_id, details in rng.choices(held, weights, k=size):
                chosen = {sid: surveys[sid] for sid in details.survey_ids}
                answers, mode, language, at = plan_response(rng, details, chosen)
                submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id,
                                event_id=event_id, surveys=chosen, answers=answers, mode=mode,
                                language=language, submitted_at=at)
                languages[language] += 1
                modes[mode.value] += 1
                ratings[answers[fft.SURVEY_ID][fft.RATING_QUESTION]] += 1
        made += size
    return DemoSummary(seed, events, len(held), made, dict(sorted(languages.items())),
                       {m.value: modes[m.value] for m in ResponseMode if modes[m.value]},
                       {a: ratings[a] for a in fft.ANSWERS}, tuple(ids))


def plan_events(rng: random.Random, count: int, today: dt.date, surveys: Mapping[str, Survey]) -> list[EventDetails]:
    """``count`` checked events around Kent; most already held, the first always."""
    planned = []
    for n in range(count):
        kind = rng.choices(KINDS, [k.weight for k in KINDS])[0]
        town, _districts = rng.choice(TOWNS)
        surgery = rng.choice(SURGERIES)
        venue = rng.choice(kind.venues).format(town=town, surgery=surgery)
        name = rng.choice(kind.names).format(surgery=surgery)
        held = n == 0 or rng.random() < 0.8
        day = today - dt.timedelta(days=rng.randint(1, PAST_DAYS)) if held else \
            today + dt.timedelta(days=rng.randint(0, FUTURE_DAYS))
        start = dt.datetime.combine(day, dt.time.fromisoformat(rng.choice(kind.starts)))
        end = start + dt.timedelta(hours=rng.choice(kind.hours))
        survey_ids = rng.choices([s for s, _w in SURVEY_SETS], [w for _s, w in SURVEY_SETS])[0]
        planned.append(validate_event({
            "name": name if town in name else f"{name}, {town}",
            "kind": kind.kind.value, "event_date": day.isoformat(), "start_time": f"{start:%H:%M}",
            "end_time": f"{end:%H:%M}", "venue": venue, "locality": town, "organiser": rng.choice(ORGANISERS),
            "partners": rng.choice(PARTNERS), "notes": NOTE,
            # A PPG meeting's feedback is about its surgery: that is its service in the FFT return.
            "service": surgery if kind.kind is EventKind.PPG_MEETING else "",
            "survey_ids": [sid for sid in survey_ids if sid in surveys],
        }))
    return planned


def plan_response(rng: random.Random, event: EventDetails, surveys: Mapping[str, Survey],
                  ) -> tuple[dict[str, dict[str, Any]], ResponseMode, str, dt.datetime]:
    """One person's answers at ``event``, how they gave them, in which language, and when."""
    polish = all("pl" in s.languages for s in surveys.values()) and rng.random() < POLISH_SHARE
    language = "pl" if polish else "en"
    mode = rng.choices(list(MODE_WEIGHTS), list(MODE_WEIGHTS.values()))[0]
    person = _Person(rng, language, mode, _district(rng, event.locality))
    answers = {sid: person.answer(survey) for sid, survey in surveys.items()}
    start = dt.datetime.combine(event.event_date, event.start_time or dt.time(10))
    end = dt.datetime.combine(event.event_date, event.end_time or dt.time(16))
    at = start + dt.timedelta(seconds=rng.uniform(60, max((end - start).total_seconds() - 60, 120)))
    return answers, mode, language, at.astimezone(dt.UTC)  # the event's times are the laptop's local time


class _Person:
    """Answers one respondent gives: a rating, maybe a comment, topics, some equality answers."""

    def __init__(self, rng: random.Random, language: str, mode: ResponseMode, district: str) -> None:
        self.rng, self.language, self.mode, self.district = rng, language, mode, district
        # Equality monitoring: about a third skip it, some prefer not to say, the rest answer most of it.
        self.monitoring = rng.choices(("skip", "private", "answer"), (35, 20, 45))[0]

    def answer(self, survey: Survey) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for question in survey.questions:
            if question.show_if is not None and not question.show_if.holds(answers):
                continue
            value = self._answer(survey.id, question, answers)
            if value is not NO_ANSWER:
                answers[question.id] = value
        return answers

    def _answer(self, survey_id: str, q: Question, earlier: Mapping[str, Any]) -> Any:
        rng = self.rng
        if q.id == fft.RATING_QUESTION:
            return rng.choices(list(FFT_WEIGHTS), list(FFT_WEIGHTS.values()))[0]
        if q.id == fft.COMMENT_QUESTION:
            return self._comment(earlier.get(fft.RATING_QUESTION), q.max_length)
        if q.format == "postcode_district":
            return self.district if self._answers_monitoring() and rng.random() < 0.75 else NO_ANSWER
        if survey_id == "equality" or any(o.value == PREFER_NOT for o in q.options):
            if not self._answers_monitoring():
                return self._prefer_not(q)
        elif not q.required and rng.random() < 0.15:
            return NO_ANSWER
        return self._choose(q)

    def _answers_monitoring(self) -> bool:
        if self.monitoring == "skip":
            return False
        return self.rng.random() < (0.2 if self.monitoring == "private" else 0.88)

    def _prefer_not(self, q: Question) -> Any:
        """What someone puts for a monitoring question they would rather not answer."""
        has_option = any(o.value == PREFER_NOT for o in q.options)
        if q.required:
            return self._prefer_not_value(q) if has_option else self._choose(q)
        if has_option and (self.monitoring == "private" or (self.monitoring == "answer" and self.rng.random() < 0.5)):
            return self._prefer_not_value(q)
        return NO_ANSWER

    @staticmethod
    def _prefer_not_value(q: Question) -> Any:
        return [PREFER_NOT] if q.type is QuestionType.MULTIPLE else PREFER_NOT

    def _choose(self, q: Question) -> Any:
        rng = self.rng
        if q.type in (QuestionType.SINGLE, QuestionType.YES_NO, QuestionType.RATING, QuestionType.MULTIPLE):
            weights = (POLISH_WEIGHTS.get(q.id) if self.language == "pl" else None) or WEIGHTS.get(q.id, {})
            options = [o for o in q.choices() if o.value != PREFER_NOT and not o.exclusive]
            if q.type is QuestionType.RATING:  # most people rate things well
                return rng.choices([int(o.value) for o in options], range(1, len(options) + 1))[0]
            known = [weights.get(o.value, 0.0 if weights else 1.0) for o in options]
            if not any(known):
                known = [1.0] * len(options)
            if q.type is not QuestionType.MULTIPLE:
                return rng.choices(options, known)[0].value
            how_many = min(rng.choices((1, 2, 3), (55, 30, 15))[0], len(options))
            picked: list[str] = []
            while len(picked) < how_many:
                value = rng.choices(options, known)[0].value
                if value not in picked:
                    picked.append(value)
            return picked
        if q.type is QuestionType.NUMBER:
            return rng.randint(q.minimum if q.minimum is not None else 0, q.maximum if q.maximum is not None else 10)
        if q.type is QuestionType.DATE:
            return dt.date.today().isoformat() if q.required else NO_ANSWER
        return ("Nie mam uwag." if self.language == "pl" else "No comment.") if q.required else NO_ANSWER

    def _comment(self, rating: str | None, limit: int) -> Any:
        rng = self.rng
        wants = 0.8 if self.mode is ResponseMode.STAFF else 0.5
        if rng.random() >= wants:
            return NO_ANSWER
        if rating in fft.POSITIVE:
            pool = _MIXED if rng.random() < 0.12 else _POSITIVE
        elif rating in fft.NEGATIVE:
            pool = _NEGATIVE
        elif rating == fft.DONT_KNOW:
            pool = _UNSURE
        else:
            pool = _MIXED
        text = rng.choice(pool[self.language])
        if rng.random() < 0.2:
            text += " " + rng.choice(_EXTRA[self.language])
        return text[:limit]


def _kind(kind: EventKind) -> _Kind:
    return next(k for k in KINDS if k.kind is kind)


def _district(rng: random.Random, locality: str) -> str:
    """A postcode district near the event most of the time, elsewhere in Kent sometimes."""
    districts = dict(TOWNS).get(locality)
    if districts is None or rng.random() < 0.15:
        districts = rng.choice(TOWNS)[1]
    return rng.choice(districts)
