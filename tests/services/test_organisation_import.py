"""Importing organisations from CSV and XLSX: line-numbered problems, all or nothing, repeats skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.core.organisations import validate_organisation
from app.services import organisation_import as imp
from app.store.organisations import add_organisation, list_organisations
from app.store.store import Store

GOOD = ("Organisation name,Type,Areas,Topics,Communities,E-mail,Telephone,Web site,Notes\n"
        "Maidstone Carers' Centre,charity,Maidstone; ME14,dementia; Mental health,carers,hi@example.org,"
        "01622 123456,www.example.org,Tuesdays\n"
        "Ashford Youth Forum,Voluntary or community group,Ashford,mental_health,young_people,,,,\n")


def names(store: Store) -> list[str]:
    with store.session() as session:
        return [o.name for o in list_organisations(session)]


def test_a_good_csv_is_imported_with_loose_headers_and_lists(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text(GOOD, encoding="utf-8-sig")
    seen: list[tuple[int, int]] = []
    result = imp.import_organisations(store, path, progress=lambda done, total: seen.append((done, total)))
    assert result.added == 2 and not result.problems and seen[-1] == (2, 2)
    with store.session() as session:
        carers = list_organisations(session, "Carers")[0]
    assert carers.details.areas == ("Maidstone", "ME14")
    assert carers.details.topics == ("dementia", "mental_health")
    assert carers.details.phone == "+441622123456"


def test_bad_rows_are_reported_by_line_and_field_and_nothing_is_saved(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text(GOOD + ",charity,,,,,,,\n\"Deal Lunch\nClub\",club,Deal,parking,,,,,\n", encoding="utf-8")
    result = imp.import_organisations(store, path)
    assert [p.text() for p in result.problems] == [
        "line 4: Name: Give the organisation's name.",
        "line 5: Kind: 'club' is not a kind of organisation; choose one of Voluntary or community "
        "group, Charity, Patient Participation Group (PPG), Healthwatch, Council, Faith group, Community group, "
        "NHS organisation, Other.",
        "line 5: Topics: 'parking' is not one of the topics; choose from " + ", ".join(
            __import__("app.core.network", fromlist=["TOPICS"]).TOPICS.values()) + ".",
    ]
    assert result.added == 0 and names(store) == []
    assert "2 rows have problems, so nothing was saved" in result.summary()

    good_only = imp.import_organisations(store, path, good_rows_only=True)
    assert good_only.added == 2 and names(store) == ["Ashford Youth Forum", "Maidstone Carers' Centre"]


def test_an_organisation_already_listed_or_repeated_is_skipped(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        add_organisation(session, store.device_id, validate_organisation({"name": "The Maidstone Carers Centre Ltd",
                                                                          "kind": "charity"}))
    path = tmp_path / "orgs.csv"
    path.write_text(GOOD + "ASHFORD YOUTH FORUM,vcs,,,,,,,\n", encoding="utf-8")
    result = imp.import_organisations(store, path)
    assert [s.text() for s in result.skipped] == [
        "line 2: Maidstone Carers' Centre is already on the list; skipped.",
        "line 4: ASHFORD YOUTH FORUM is the same organisation as line 3; skipped."]
    assert result.added == 1 and len(names(store)) == 2


def test_excel_csv_in_windows_1252_is_read(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_bytes("Name,Kind\nCafé Club – Deal,community\n".encode("cp1252"))
    assert imp.import_organisations(store, path).added == 1
    assert names(store) == ["Café Club – Deal"]


def test_an_xlsx_list_is_read_with_its_row_numbers(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Kind", "Phone", "Areas"])
    sheet.append(["Deal Men's Shed", "community", 1304123456, "Deal"])  # Excel dropped the leading 0
    sheet.append([None, None, None, None])
    sheet.append(["Dover Pride", "nonsense", None, None])
    path = tmp_path / "orgs.xlsx"
    book.save(path)
    result = imp.import_organisations(store, path)
    assert [p.text() for p in result.problems][0].startswith("line 4: Kind: 'nonsense'")
    result = imp.import_organisations(store, path, good_rows_only=True)
    with store.session() as session:
        assert list_organisations(session)[0].details.phone == "+441304123456"


def test_whole_file_problems_are_refused_in_plain_words(store: Store, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text("Group type,Where\nx,y\n", encoding="utf-8")
    with pytest.raises(imp.ImportRefused, match="no column is headed Name"):
        imp.import_organisations(store, path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(imp.ImportRefused, match="is empty"):
        imp.import_organisations(store, path)
    monkeypatch.setattr(imp, "MAX_ROWS", 2)
    path.write_text(GOOD + "Third,vcs\n", encoding="utf-8")
    with pytest.raises(imp.ImportRefused, match="more than 2 rows"):
        imp.import_organisations(store, path)
    monkeypatch.setattr(imp, "MAX_BYTES", 10)
    with pytest.raises(imp.ImportRefused, match="Involve imports files up to"):
        imp.import_organisations(store, path)


def test_a_file_of_bad_rows_only_does_not_offer_the_good_rows(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text("Name,Kind\nA,club\n", encoding="utf-8")
    result = imp.import_organisations(store, path)
    assert result.good_rows == 0
    assert result.summary() == "1 row has problems, so nothing was saved. Correct the file and import it again."


def test_cancelling_saves_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = imp.import_organisations(store, path, should_stop=lambda: True)
    assert result.cancelled and result.added == 0 and names(store) == []
