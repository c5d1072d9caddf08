"""People's text in any script, measured and drawn on a reportlab canvas.

Every line of text a document prints goes through :func:`text_width` and :func:`draw_text`
(the layout helpers and the report's paragraphs call them), so no document can miss this:

- each character is printed in the first face that has it (see ``fonts.fallbacks``), so
  Chinese or an emoji never prints as an empty box;
- right-to-left runs (Arabic, Hebrew) are put in reading order by the Unicode bidi algorithm,
  line by line, so an Arabic comment in an English report reads correctly;
- runs in other scripts are shaped by HarfBuzz (through reportlab), which joins Arabic letters
  and places marks; the PDF keeps the letters, so its text can be searched and copied.

Plain text the main face covers, left to right (nearly everything), takes a fast path that
draws exactly as before.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bidi import algorithm as bidi
from bidi.mirror import MIRRORED
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import fallbacks, typeface

_RTL_TYPES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})
# Characters that belong to the run they are in rather than choosing a face of their own:
# marks, joiners and emoji modifiers, which only make sense with the character before them.
_STICKY = frozenset({"\u200c", "\u200d", "\ufe0e", "\ufe0f"})
_SHAPE_SIZE = 10.0  # shaping is size-free in reportlab's units (thousandths of the size)


@dataclass(frozen=True)
class Run:
    """A piece of a line in one face and one direction; ``text`` in reading (logical) order."""

    text: str
    font: str
    rtl: bool


def _covers(font: str, ch: str) -> bool:
    return ord(ch) in typeface(font).face.charToGlyph


@lru_cache(maxsize=8)
def _plain_chars(font: str) -> frozenset[str]:
    """What ``font`` prints as it is: characters it has, written left to right."""
    return frozenset(chr(code) for code in typeface(font).face.charToGlyph
                     if unicodedata.bidirectional(chr(code)) not in _RTL_TYPES)


def prints_plainly(line: str, font: str) -> bool:
    """Whether ``line`` is left to right and all in ``font``, so reportlab can draw it as it is."""
    return line.isascii() or set(line) <= _plain_chars(font)


def _sticks(ch: str, before: str) -> bool:
    return (ch in _STICKY or before == "\u200d" or unicodedata.category(ch).startswith("M")
            or "\U0001f3fb" <= ch <= "\U0001f3ff")


def _neutral(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "ZPN" or ch.isspace()


def _emoji(ch: str, after: str) -> bool:
    return "\U0001f000" <= ch <= "\U0001faff" or after == "\ufe0f"


def _keeps(face: str | None, ch: str, font: str) -> bool:
    """Whether a space or punctuation mark can stay in ``face``: the emoji face's spaces are
    as wide as an emoji, so spaces go back to the text's own face."""
    return face is not None and _covers(face, ch) and not (ch.isspace() and face == fallbacks(font)[-1])


def _first_face(ch: str, after: str, font: str) -> str:
    others = fallbacks(font)
    if _emoji(ch, after):
        order = (others[-1], font, *others[:-1])
    elif unicodedata.bidirectional(ch) in _RTL_TYPES:
        order = (*others, font)
    else:
        order = (font, *others)
    return next((face for face in order if _covers(face, ch)), font)


def _faces(line: str, font: str) -> list[str]:
    """The face each character prints in. Spaces, punctuation and digits keep the face of the
    letters around them where it has them, so a sentence stays one run."""
    faces: list[str | None] = []
    for i, ch in enumerate(line):
        before, after = line[i - 1] if i else "", line[i + 1:i + 2]
        if faces and faces[-1] is not None and _sticks(ch, before):
            faces.append(faces[-1])
        elif _neutral(ch):
            faces.append(faces[-1] if faces and _keeps(faces[-1], ch, font) else None)
        else:
            faces.append(_first_face(ch, after, font))
    following: str | None = None
    for i in range(len(line) - 1, -1, -1):
        face = faces[i]
        if face is None:
            face = following if _keeps(following, line[i], font) else _first_face(line[i], "", font)
            faces[i] = face
        following = face
    return [face for face in faces if face is not None]


def _levels(line: str) -> list[int]:
    """The bidi embedding level of each character: even reads left to right, odd right to left."""
    storage = bidi.get_empty_storage()
    base = bidi.get_base_level(line)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    bidi.get_embedding_levels(line, storage)
    bidi.explicit_embed_and_overrides(storage)
    bidi.resolve_weak_types(storage)
    _resolve_brackets(storage["chars"], base)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    levels = [ch["level"] for ch in storage["chars"]]
    # Explicit embedding controls are dropped by the algorithm; then read them at the base level.
    return levels if len(levels) == len(line) else [base] * len(line)


_BRACKETS = {"(": ")", "[": "]", "{": "}"}


def _strong(kind: str) -> str | None:
    return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else None


def _resolve_brackets(chars: list[dict], base: int) -> None:
    """Rule N0 of the bidi algorithm, which python-bidi's Python implementation predates: a pair
    of brackets takes one direction, from what they hold and what comes before them, so
    "at مركز صحي (المبنى ب)" in an English line keeps its brackets round the Arabic."""
    pairs: list[tuple[int, int]] = []
    openers: list[tuple[int, str]] = []
    for i, char in enumerate(chars):
        if char["ch"] in _BRACKETS:
            openers.append((i, _BRACKETS[char["ch"]]))
        elif char["ch"] in _BRACKETS.values():
            depth = next((d for d in range(len(openers) - 1, -1, -1) if openers[d][1] == char["ch"]), None)
            if depth is not None:
                pairs.append((openers[depth][0], i))
                del openers[depth:]
    for opening, closing in sorted(pairs):
        embedding = "R" if chars[opening]["level"] % 2 else "L"
        inside = {_strong(chars[k]["type"]) for k in range(opening + 1, closing)} - {None}
        if not inside:
            continue
        if embedding not in inside:  # only the other direction inside: follow what came before
            before = next((strong for k in range(opening - 1, -1, -1)
                           if (strong := _strong(chars[k]["type"])) is not None), ("L", "R")[base])
            embedding = before
        chars[opening]["type"] = chars[closing]["type"] = embedding


@lru_cache(maxsize=4096)
def visual_runs(line: str, font: str) -> tuple[Run, ...]:
    """``line`` (one line, reading order) split into runs of one face and direction, in the
    order they are drawn from left to right."""
    if prints_plainly(line, font):
        return (Run(line, font, False),)
    levels = _levels(line)
    pieces: list[tuple[str, str, int]] = []  # text, face, level
    for ch, face, level in zip(line, _faces(line, font), levels, strict=True):
        if pieces and pieces[-1][1] == face and pieces[-1][2] == level:
            pieces[-1] = (pieces[-1][0] + ch, face, level)
        else:
            pieces.append((ch, face, level))
    # Rule L2 of the bidi algorithm, on whole runs: from the highest level down to the lowest
    # odd one, reverse each stretch of runs at that level or above.
    highest = max(level for _t, _f, level in pieces)
    lowest_odd = min((level for _t, _f, level in pieces if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(pieces):
            if pieces[i][2] < level:
                i += 1
                continue
            j = i
            while j < len(pieces) and pieces[j][2] >= level:
                j += 1
            pieces[i:j] = pieces[i:j][::-1]
            i = j
    return tuple(Run(text, face, level % 2 == 1) for text, face, level in pieces)


@lru_cache(maxsize=8192)
def _shaped(text: str, font: str, rtl: bool) -> tuple[str, float]:
    """``text`` as HarfBuzz shapes it in ``font`` (glyphs in drawing order), and its width at size 1."""
    if rtl and not any(unicodedata.bidirectional(ch) in _RTL_TYPES for ch in text):
        # HarfBuzz takes the direction from the letters; without any (a "?!" or "(" in an
        # Arabic sentence) lay the run right to left here, brackets facing the other way.
        text = "".join(MIRRORED.get(ch, ch) if unicodedata.mirrored(ch) else ch for ch in reversed(text))
    shaped = shapeStr(text, font, _SHAPE_SIZE)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        return shaped, stringWidth(text, font, 1.0)
    return shaped, sum(d.x_advance for d in data) / 1000.0


def _drawable(run: Run, plain: bool) -> tuple[str, float]:
    return (run.text, stringWidth(run.text, run.font, 1.0)) if plain else _shaped(run.text, run.font, run.rtl)


@lru_cache(maxsize=16384)
def text_width(line: str, font: str, size: float) -> float:
    """How wide ``line`` prints in ``font`` at ``size``, fallback faces and shaping included."""
    if prints_plainly(line, font):
        return stringWidth(line, font, size)
    return sum(_shaped(run.text, run.font, run.rtl)[1] for run in visual_runs(line, font)) * size


def draw_text(canvas: Canvas, x: float, y: float, line: str, font: str, size: float, *,
              align: str = "left") -> None:
    """Draw one line with its baseline at ``y``: from ``x`` (left), centred on ``x`` (center) or
    ending at ``x`` (right). The canvas is left in ``font`` at ``size``."""
    plain = prints_plainly(line, font)
    runs: Sequence[Run] = visual_runs(line, font)
    if align != "left":
        width = text_width(line, font, size)
        x -= width / 2 if align == "center" else width
    for run in runs:
        text, width = _drawable(run, plain)
        canvas.setFont(run.font, size)
        canvas.drawString(x, y, text)
        x += width * size
    canvas.setFont(font, size)


def reads_right_to_left(text: str) -> bool:
    """Whether a paragraph starts, by its first letter, in a right-to-left script."""
    return bool(text) and bidi.get_base_level(text) == 1


def clipped(line: str, font: str, size: float, width: float, ellipsis: str = "…") -> str:
    """``line`` cut short with an ellipsis where it would print wider than ``width``."""
    if text_width(line, font, size) <= width:
        return line
    line = line.rstrip()
    while line and text_width(line + ellipsis, font, size) > width:
        line = line[:-1].rstrip()
    return line + ellipsis
