"""Everything the public reads in the kiosk is translated, and the shipped catalogues are current."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = ROOT / "resources" / "translations"
PUBLIC_FILES = [
    *sorted((ROOT / "app" / "ui" / "kiosk").glob("*.py")),
    ROOT / "app" / "ui" / "common" / "answer_editors.py",
    ROOT / "app" / "core" / "surveys.py",
    ROOT / "app" / "core" / "signup_flow.py",
    # The kiosk sign-up checks what people type with these, in their language.
    ROOT / "app" / "core" / "contact.py",
    ROOT / "app" / "core" / "signups.py",
]
# Dialogs for staff inside the kiosk package are in the staff's language, not the public's.
STAFF_ONLY = {"pin_dialogs.py", "staff_pin_dialogs.py", "launch.py", "desk.py"}
# N_ marks labels declared in one place and translated where shown (ways to get involved, contact).
KEYWORDS = {"_": None, "tr": None, "self.tr": None, "N_": None, "ngettext": (1, 2), "plural": (1, 2)}


def public_messages() -> set[str]:
    found: set[str] = set()
    for path in PUBLIC_FILES:
        if path.name in STAFF_ONLY:
            continue
        for _line, message, _comments, _context in extract_from_file("python", str(path), keywords=KEYWORDS):
            if isinstance(message, str):
                found.add(message)
            elif isinstance(message, tuple) and all(isinstance(part, str) for part in message):
                found.add(message[0])  # a message with plural forms is known by its singular
    return found


def languages() -> list[str]:
    return sorted(p.name for p in CATALOGUES.iterdir() if (p / "LC_MESSAGES" / "involve.po").is_file())


def test_polish_is_shipped() -> None:
    assert "pl" in languages()


@pytest.mark.parametrize("language", languages())
def test_every_kiosk_message_is_translated(language: str) -> None:
    with open(CATALOGUES / language / "LC_MESSAGES" / "involve.po", "rb") as po:
        catalogue = read_po(po)
    messages = public_messages()
    assert len(messages) > 20  # the extraction found the kiosk's words
    missing = sorted(m for m in messages if not (catalogue.get(m) and catalogue.get(m).string))
    assert missing == []


def eval_plural(catalogue, n: int) -> int:
    """Which plural form the catalogue's own rule picks for ``n``."""
    import gettext as gettext_module

    return gettext_module.c2py(catalogue.plural_expr)(n)


@pytest.mark.parametrize("language", languages())
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    folder = CATALOGUES / language / "LC_MESSAGES"
    with open(folder / "involve.po", "rb") as po:
        source = read_po(po)
    with open(folder / "involve.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for message in source:
        if isinstance(message.id, tuple):  # plural forms: each count's form as compiled
            for n in (1, 2, 5, 22):
                form = source.plural_forms and eval_plural(source, n)
                assert compiled.ngettext(message.id[0], message.id[1], n) == message.string[form], message.id
        elif message.id:
            assert compiled.gettext(message.id) == message.string, f"recompile {language}: {message.id!r}"


@pytest.mark.parametrize("language", languages())
def test_placeholders_survive_translation(language: str) -> None:
    import re

    with open(CATALOGUES / language / "LC_MESSAGES" / "involve.po", "rb") as po:
        catalogue = read_po(po)
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if ids[0] and all(strings):
            wanted = set(re.findall(r"\{\w+\}", ids[-1]))
            for string in strings:
                assert set(re.findall(r"\{\w+\}", string)) == wanted, message.id
