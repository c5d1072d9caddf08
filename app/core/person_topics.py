"""The topics a person cares about, chosen by staff from the health network's topics.

Staff words only: the kiosk never asks for topics, so nothing here is shown to the public and
nothing needs a Polish translation. Stored as the topic's value (``mental_health``); typed as
the value or its label ("Mental health"), in any case, with spaces, hyphens or underscores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from app.core.i18n import _
from app.core.network import TOPICS, labels_text

Translate = Callable[[str], str]


def _squeezed(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def find_topic(text: str, tr: Translate = _) -> str | None:
    """The topic's value for a value or label as typed; None when it is not one."""
    wanted = _squeezed(text)
    if not wanted:
        return None
    for value, label in TOPICS.items():
        if wanted in (_squeezed(value), _squeezed(label), _squeezed(tr(label))):
            return value
    return None


def parse_topics(value: object, tr: Translate = _) -> tuple[str, ...]:
    """Topics from values or labels (a text, or a list of them), in the fixed order of TOPICS."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        items: list[object] = [value]
    elif isinstance(value, Iterable):
        items = list(value)
    else:
        raise ValueError(_("Choose topics from the list."))
    chosen: set[str] = set()
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        found = find_topic(text, tr)
        if found is None:
            raise ValueError(_("'{text}' is not one of the topics; choose from: {names}.").format(
                text=text[:40], names=labels_text(TOPICS)))
        chosen.add(found)
    return tuple(t for t in TOPICS if t in chosen)


def topic_label(value: str) -> str:
    """A topic as a person reads it (the value itself for one no longer on the list)."""
    label = TOPICS.get(value)
    return _(label) if label is not None else value


def topics_text(values: Iterable[str]) -> str:
    return "; ".join(topic_label(v) for v in values)
