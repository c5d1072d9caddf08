"""QR codes drawn straight onto a reportlab canvas, quickly.

reportlab's encoder lays the data out eight times to pick a mask pattern and scores each
module by module, about 9 ms a code: most of a sheet's drawing time. Here the data is laid
out once, the eight masks are applied to whole rows as integers, and the four ISO/IEC 18004
penalty rules are scored with string searches. Any mask gives a valid code; scoring only
picks the one scanners find easiest. The code is drawn as one path in module units.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel, QRUtil
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

BORDER = 4  # modules of white round the code, which scanners need
_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER = re.compile(r"(?=10111010000|00001011101)")
_DARK_RUN = re.compile("1+")

Modules = tuple[str, ...]  # one string of "0" (light) and "1" (dark) per row


def _penalty(bits: list[int], size: int) -> int:
    """The ISO/IEC 18004 mask penalty of a code given as one integer per row."""
    rows = [format(row, f"0{size}b") for row in bits]
    lines = "|".join(rows) + "|" + "|".join("".join(column) for column in zip(*rows, strict=True))
    score = sum(len(run) - 2 for run in _RUN.findall(lines))  # 3 + (length - 5) per run
    score += 40 * len(_FINDER.findall(lines))
    inner = (1 << (size - 1)) - 1
    for upper, lower in pairwise(bits):  # 2x2 blocks of one colour
        vertical = upper ^ lower
        score += 3 * bin(~(vertical | (vertical >> 1) | (upper ^ (upper >> 1))) & inner).count("1")
    dark = sum(row.count("1") for row in rows)
    return score + 10 * (abs(dark * 100 // (size * size) - 50) // 5)


@lru_cache(maxsize=8)
def _layout(version: int) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """For one QR version: which modules carry data, and each mask, as one integer per row."""
    size = version * 4 + 17
    probe = QRCode(version, QRErrorCorrectLevel.M)
    probe.moduleCount = size
    data = [0] * size
    for column, row in probe.dataPosIterator():
        data[row] |= 1 << (size - 1 - column)
    masks = []
    for pattern in range(8):
        dark = QRUtil.getMask(pattern)
        masks.append(tuple(sum(1 << (size - 1 - c) for c in range(size) if dark(r, c)) for r in range(size)))
    return tuple(data), tuple(masks)


def _as_bits(code: QRCode) -> list[int]:
    return [int("".join("1" if module else "0" for module in row), 2) for row in code.modules]


@lru_cache(maxsize=64)
def qr_modules(payload: str) -> Modules:
    """The modules of ``payload`` at error correction level M, which survives a pen mark or a fold."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(payload)
    code.version = code.calculate_version()
    size = code.version * 4 + 17
    data, masks = _layout(code.version)
    code.makeImpl(True, 0)  # as reportlab scores: format bits left light, data under mask 0
    first = _as_bits(code)
    fixed = [bits & ~used for bits, used in zip(first, data, strict=True)]
    plain = [(bits ^ mask) & used for bits, mask, used in zip(first, masks[0], data, strict=True)]
    scores = []
    for pattern, mask in enumerate(masks):
        candidate = [f | ((p ^ m) & used) for f, p, m, used in zip(fixed, plain, mask, data, strict=True)]
        scores.append((_penalty(candidate, size), pattern))
    code.makeImpl(False, min(scores)[1])
    return tuple(format(bits, f"0{size}b") for bits in _as_bits(code))


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """A QR code of ``payload`` filling a ``size`` square (white border included) at (x, y)."""
    rows = qr_modules(payload)
    count = len(rows)
    box = size / (count + 2 * BORDER)
    ops = []
    for r, row in enumerate(rows):
        for run in _DARK_RUN.finditer(row):
            # 1.02 high: a hair of overlap so no white seams show between rows.
            ops.append(f"{run.start()} {count - 1 - r} {run.end() - run.start()} 1.02 re")
    canvas.saveState()
    canvas.setFillColor(black)
    canvas.transform(box, 0, 0, box, x + BORDER * box, y + BORDER * box)
    canvas.addLiteral("\n".join(ops) + "\nf")
    canvas.restoreState()
