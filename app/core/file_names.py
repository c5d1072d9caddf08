"""File names made from what people typed (an event's name, a document's title)."""

from __future__ import annotations


def safe_file_name(name: str, fallback: str, *, max_length: int = 200) -> str:
    """``name`` as a file name Windows, macOS and Linux all accept, or ``fallback`` if nothing is left.

    Characters a system refuses become spaces, runs of spaces become one, a name a system
    reserves (``CON``, ``NUL``…) is changed, and a long name is shortened before its ".pdf", so
    the save dialog never suggests a name it will refuse.
    """
    text = " ".join(name.split())
    stem, dot, suffix = text.rpartition(".")
    if not stem or not suffix.isalnum() or len(suffix) > 5:
        stem, dot, suffix = text, "", ""
    stem = _clean(stem)[: max(1, max_length - len(dot + suffix))].rstrip(" .")
    return stem + dot + suffix if stem else fallback


def _clean(text: str) -> str:
    from pathvalidate import sanitize_filename  # loaded when a dialog first suggests a name, not at start-up

    cleaned = sanitize_filename(text, replacement_text=" ", platform="universal", max_len=255)
    return " ".join(cleaned.split()).strip(" .")
