"""The print dialog's sheets: the shared print run, plus the page sizes the preview needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.services import print_runs
from app.services.print_runs import SheetRequest
from app.ui.common.pdf_preview import PdfInfo, pdf_info

if TYPE_CHECKING:
    from app.store.store import Store

@dataclass(frozen=True)
class PreviewSheets:
    """Sheets made by the print run, with their pages' sizes for the preview."""

    made: print_runs.MadeSheets
    info: PdfInfo

    kind = property(lambda self: self.made.kind)
    pdf = property(lambda self: self.made.pdf)
    first = property(lambda self: self.made.first)
    last = property(lambda self: self.made.last)
    title = property(lambda self: self.made.title)
    about = property(lambda self: self.made.about)


def make_sheets(store: Store, request: SheetRequest, *, reserve: bool, save_to: Path | None = None,
                reuse: PreviewSheets | None = None) -> PreviewSheets:
    """``print_runs.make_sheets`` on the worker, with the page sizes read once for the preview."""
    made = print_runs.make_sheets(store, request, reserve=reserve, save_to=save_to,
                                  reuse=reuse.made if reuse is not None else None)
    if reuse is not None and made is reuse.made:
        return reuse
    return PreviewSheets(made, pdf_info(made.pdf))
