"""``involve --self-test``: does the installed app work on this machine?

Each check exercises what an installation can lose (a shipped file, a migration script, a
module loaded only when needed, a compiled library) the way the app itself uses it. Every
check runs in a throwaway folder with a throwaway key: the user's data and keyring are never
opened. The screen check lives in app/ui/shell/self_test.py (only app/ui imports Qt); the
command line hands it in.
"""

from __future__ import annotations

import io
import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app import APP_NAME, __version__
from app.core.i18n import _, ngettext

if TYPE_CHECKING:
    from app.store.store import Store

# What an installation must carry, relative to the resources folder.
SHIPPED = {
    "fonts": ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf", "fonts/DejaVuSansMono-Bold.ttf",
              # The faces for Arabic, Hebrew, Chinese, Japanese, Korean and emoji.
              "fonts/NotoSansArabic-Regular.ttf", "fonts/NotoSansArabic-Bold.ttf", "fonts/NotoSansHebrew-Regular.ttf",
              "fonts/NotoSansHebrew-Bold.ttf", "fonts/DroidSansFallbackFull.ttf", "fonts/NotoEmoji-Regular.ttf"),
    "surveys": ("surveys/fft.json", "surveys/topics.json", "surveys/equality.json"),
    "privacy notice": ("privacy/privacy-notice.json",),
    "translations": ("translations/pl/LC_MESSAGES/involve.mo",),
    "population template": ("population/population-template.csv",),
    "styles": ("styles/involve.qss", "styles/kiosk.qss.template"),
    "icon": ("icons/involve.svg",),
    "user guide": ("guide/index.html", "guide/guide.css"),
    "licences": ("licences/third-party-notices.html", "licences/LGPL-3.0.txt", "licences/GPL-3.0.txt"),
}
SHEETS = 2  # sign-up sheets printed by the check
EVENT_NAME = "Self-test event"


class CheckFailed(Exception):
    """A check found a problem; the message says what, in plain words."""


@dataclass
class Scratch:
    """What the checks share: the throwaway folder, and the store once it is open."""

    folder: Path
    resources: Path | None = None  # None: where the app finds them
    store: Store | None = None
    event_id: str = ""
    notes: list[str] = field(default_factory=list)

    def open_store(self) -> Store:
        if self.store is None:
            raise CheckFailed(_("it needs the self-test's store, which did not open (see above)."))
        return self.store


@dataclass(frozen=True)
class Check:
    name: str  # said when it fails: what does not work
    run: Callable[[Scratch], str]  # returns what was checked, for the "ok" line


def run_self_test(out: TextIO, *, screen: Check | None = None, resources: Path | None = None) -> int:
    """Run every check, printing one line each; 0 when all passed, 1 otherwise."""
    checks = [*HEADLESS_CHECKS, *([screen] if screen is not None else [])]
    print(_("{app} {version} self-test").format(app=APP_NAME, version=__version__), file=out, flush=True)
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="involve-self-test-", ignore_cleanup_errors=True) as folder:
        scratch = Scratch(Path(folder), resources)
        try:
            for check in checks:
                try:
                    said = check.run(scratch)
                except Exception as error:  # noqa: BLE001 - every failure is reported; the other checks still run
                    failed.append(check.name)
                    print(f"FAILED  {check.name}: {_reason(error)}", file=out, flush=True)
                else:
                    print(f"ok      {said}", file=out, flush=True)
        finally:
            if scratch.store is not None:
                scratch.store.close()
    if failed:
        print(_("The self-test failed: {names}.").format(names="; ".join(failed)), file=out, flush=True)
        return 1
    print(ngettext("All {count} check passed.", "All {count} checks passed.", len(checks)).format(count=len(checks)),
          file=out, flush=True)
    return 0


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())
    if isinstance(error, CheckFailed):
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def check_shipped_files(scratch: Scratch) -> str:
    from app.resources_dir import resources_dir

    try:
        folder = scratch.resources or resources_dir()
    except FileNotFoundError as error:
        raise CheckFailed(str(error)) from None
    missing = [name for files in SHIPPED.values() for name in files if not (folder / name).is_file()]
    if missing:
        raise CheckFailed(_("missing from {folder}: {files}.").format(folder=folder, files=", ".join(missing)))
    return _("Shipped files found: {kinds}").format(kinds=", ".join(SHIPPED))


def check_store(scratch: Scratch) -> str:
    from app.store import migrate
    from app.store.keys import StoreKey
    from app.store.paths import DataPaths
    from app.store.store import Store

    paths = DataPaths(scratch.folder / "data")
    # A key of its own, given straight to the store: the keyring is never asked.
    scratch.store = store = Store.open(paths, backup="never", key=StoreKey(secrets.token_hex(32), "self-test"))
    revision = store.schema_revision()
    if revision != migrate.HEAD_REVISION:
        raise CheckFailed(_("the store reached schema {found}, not {wanted}.").format(
            found=revision, wanted=migrate.HEAD_REVISION))
    if store.quick_check() != "ok":
        raise CheckFailed(_("the new store failed SQLite's own check."))
    with paths.store.open("rb") as file:
        if file.read(16) == b"SQLite format 3\x00":
            raise CheckFailed(_("the store was written unencrypted."))
    return _("Encrypted store opened and migrated to {revision}").format(revision=revision)


def check_store_migrations(_scratch: Scratch) -> str:
    from app.store import migrate

    head = migrate.script_head_revision()
    if head != migrate.HEAD_REVISION:
        raise CheckFailed(_("the migration scripts end at {found}, but this version needs {wanted}.").format(
            found=head, wanted=migrate.HEAD_REVISION))
    return _("Store migration scripts found, up to {revision}").format(revision=head)


def check_central_migrations(_scratch: Scratch) -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from sync.central import CENTRAL_HEAD, MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    if head != CENTRAL_HEAD:
        raise CheckFailed(_("the central migration scripts end at {found}, but this version needs {wanted}.").format(
            found=head, wanted=CENTRAL_HEAD))
    return _("Central database migration scripts found, up to {revision}").format(revision=head)


def check_central_drivers(_scratch: Scratch) -> str:
    """The database drivers load, as a sync would load them; nothing is connected to."""
    import psycopg
    from sqlalchemy import create_engine

    for url in ("postgresql+psycopg://involve@localhost/involve", "mysql+pymysql://involve@localhost/involve"):
        create_engine(url).dispose()  # loads the dialect and its driver without connecting
    return _("Central database drivers load: PostgreSQL (psycopg, {kind} libpq), MariaDB/MySQL (PyMySQL)").format(
        kind=psycopg.pq.__impl__)


def check_signup_sheet(scratch: Scratch) -> str:
    import pypdfium2

    from app.core.events import validate_event
    from app.core.sheet_codes import SheetKind
    from app.services.print_runs import SheetRequest, make_sheets
    from app.store.events import add_event

    store = scratch.open_store()
    with store.session() as session:
        event = add_event(session, store.device_id, validate_event(
            {"name": EVENT_NAME, "kind": "community-event", "event_date": "2026-06-01", "venue": "Village hall"}))
    scratch.event_id = event.id
    target = scratch.folder / "signup-sheets.pdf"
    request = SheetRequest(event_id=event.id, kind=SheetKind.SIGNUP, count=SHEETS, guest_rows=0,
                           large_print=False, organisation="Involve self-test", contact="privacy@example.org",
                           card=None)
    make_sheets(store, request, reserve=True, save_to=target)
    pdf = pypdfium2.PdfDocument(target)
    try:
        pages = len(pdf)
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    if pages != SHEETS:
        raise CheckFailed(_("the sign-up sheet PDF has {found} pages, not {wanted}.").format(
            found=pages, wanted=SHEETS))
    if EVENT_NAME not in text:
        raise CheckFailed(_("the sign-up sheet PDF does not show the event's name."))
    return _("Sign-up sheet PDF written and read back ({pages} pages, {size} KB)").format(
        pages=pages, size=max(1, target.stat().st_size // 1024))


def check_report_process(scratch: Scratch) -> str:
    """A report made as the desktop app makes it: in a process of the app's own, started here."""
    from app.core.report import ReportSelection
    from app.store.reports import local_report

    store = scratch.open_store()
    if not scratch.event_id:
        raise CheckFailed(_("it needs the self-test's event, which the sign-up sheet check makes (see above)."))
    report = local_report(store, ReportSelection(event_ids=(scratch.event_id,)), own_process=True)
    if not store.side.running:
        raise CheckFailed(_("the report could not be made in a process of its own (see the log)."))
    if report.events[0].info.name != EVENT_NAME:
        raise CheckFailed(_("the report made in its own process is not the self-test event's."))
    return _("Report made in a process of its own")


def check_barcodes(_scratch: Scratch) -> str:
    from reportlab.graphics.barcode import createBarcodeDrawing

    for kind, value in (("QR", "INV-SELF-TEST"), ("Code128", "INV0001")):
        drawing = createBarcodeDrawing(kind, value=value)
        if drawing.width <= 0:
            raise CheckFailed(_("reportlab drew an empty {kind} code.").format(kind=kind))
    return _("Barcode and QR code modules load (QR, Code 128)")


def check_contacts_and_exports(_scratch: Scratch) -> str:
    import openpyxl

    from app.core.contact import check_email, check_phone

    if check_phone("07911 123456") != "+447911123456" or check_phone("+48 601 234 567") != "+48601234567":
        raise CheckFailed(_("phone numbers are not recognised."))
    check_email("someone@example.org")
    book = openpyxl.Workbook()
    book.active.append(["Self-test", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    if openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active["A1"].value != "Self-test":
        raise CheckFailed(_("a spreadsheet written could not be read back."))
    return _("Phone numbers, email addresses and spreadsheets work")


def check_keyring(_scratch: Scratch) -> str:
    """The password store's modules load; which one this computer offers is said, nothing is read."""
    from keyring.backend import get_all_keyring

    usable = sorted({backend.name for backend in get_all_keyring()
                     if backend.priority > 0 and type(backend).__module__ != "keyring.backends.chainer"})
    if usable:
        return _("Password store modules load; this computer offers: {names}").format(names=", ".join(usable))
    return _("Password store modules load; this computer offers none, so set INVOLVE_STORE_KEY here")


HEADLESS_CHECKS: Sequence[Check] = (
    Check(_("Shipped files"), check_shipped_files),
    Check(_("Encrypted store"), check_store),
    Check(_("Store migrations"), check_store_migrations),
    Check(_("Central database migrations"), check_central_migrations),
    Check(_("Central database drivers"), check_central_drivers),
    Check(_("Sign-up sheet PDF"), check_signup_sheet),
    Check(_("Reports"), check_report_process),
    Check(_("Barcodes and QR codes"), check_barcodes),
    Check(_("Contact checks and spreadsheets"), check_contacts_and_exports),
    Check(_("Password store"), check_keyring),
)
