"""The local population profile: loading it, refusing bad files, and heard-versus-living maths.

Every profile here is MADE UP for the tests (round invented numbers, area "Made-up district",
code "E00000000"); none of it is Census data.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.cli.command import main
from app.core.population import (
    TABLES,
    PopulationError,
    compare,
    count_heard,
    dimensions,
    format_points,
    parse_profile,
)
from app.store.paths import DataPaths
from app.store.population_file import install_profile, load_profile, profile_path, template_path

ROOT = Path(__file__).resolve().parents[2]
HEADER = "area_code,area_name,table,category,observation"
AREA = "E00000000,Made-up district"   # made up: no real area has this code

# Made-up figures: 1,000 people per ethnic category except White British (80,000), 5,000 per
# five-year age band (90,000 in all), and 45,000 women and 45,000 men.
MADE_UP = {
    "TS021": {name: (80_000 if name.startswith("White: English") else 1_000)
              for name, answer in TABLES["TS021"].items() if answer},
    "TS007A": {name: 5_000 for name in TABLES["TS007A"]},
    "TS008": {"Female": 45_000, "Male": 45_000},
}


def made_up_rows(tables=MADE_UP) -> list[list[str]]:
    return [[*AREA.split(","), table, name, str(n)] for table, cats in tables.items() for name, n in cats.items()]


def made_up_csv(rows: list[list[str]] | None = None, *, newline: str = "\n", bom: bool = False) -> bytes:
    lines = [HEADER] + [",".join(f'"{c}"' if "," in c else c for c in row) for row in (rows or made_up_rows())]
    text = newline.join(lines) + newline
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def refused(data: bytes) -> str:
    with pytest.raises(PopulationError) as caught:
        parse_profile(data)
    return str(caught.value)


def test_made_up_profile_parses_with_bom_and_crlf() -> None:
    for data in (made_up_csv(), made_up_csv(newline="\r\n", bom=True)):
        profile = parse_profile(data)
        assert (profile.area_code, profile.area_name) == ("E00000000", "Made-up district")
        dims = dimensions()
        assert profile.population(dims["sex"]) == {"female": 45_000, "male": 45_000}
        age = profile.population(dims["age"])
        # Five bands 0 to 24 make "Under 25"; two five-year bands make each ten-year band.
        assert age["under_25"] == 25_000 and age["25_34"] == 10_000 and age["85_plus"] == 5_000
        assert sum(age.values()) == 90_000
        groups = profile.population(dims["ethnic_group"])
        assert groups == {"asian": 5_000, "black": 3_000, "mixed": 4_000, "white": 84_000, "other": 2_000}


def test_bulk_style_names_thousands_commas_and_does_not_apply_are_accepted() -> None:
    rows = made_up_rows()
    rows[0][3] = "Ethnic group: " + rows[0][3]          # as in ONS's bulk download headers
    rows[-1][4] = "45,000"
    rows.append([*AREA.split(","), "ts021", "Does not apply", "0"])
    profile = parse_profile(made_up_csv(rows))
    assert profile.population(dimensions()["sex"])["male"] == 45_000
    assert profile.population(dimensions()["ethnicity"])["asian_bangladeshi"] == 1_000


def test_a_table_may_be_left_out() -> None:
    rows = [row for row in made_up_rows() if row[2] == "TS008"]
    profile = parse_profile(made_up_csv(rows))
    assert profile.population(dimensions()["age"]) is None
    assert compare(dimensions()["age"], {"25_34": 10}, profile) is None


@pytest.mark.parametrize(("change", "expected"), [
    (lambda rows: rows[4].__setitem__(2, "TS999"), "line 6: unknown table 'TS999'"),
    (lambda rows: rows[2].__setitem__(3, "Martian"), "line 4: 'Martian' is not a category of TS021"),
    (lambda rows: rows[2].__setitem__(3, "Total: All usual residents"), "leave total rows out"),
    (lambda rows: rows.insert(7, list(rows[1])), "line 9: 'Asian, Asian British or Asian Welsh: Chinese' is there "
                                                 "twice in TS021 (first on line 3)"),
    (lambda rows: rows[9].__setitem__(4, "-12"), "line 11: the observation -12 is negative"),
    (lambda rows: rows[9].__setitem__(4, "12.5"), "line 11: the observation '12.5' is not a whole number"),
    (lambda rows: rows[9].__setitem__(4, "lots"), "line 11: the observation 'lots' is not a whole number"),
    (lambda rows: rows[12].__setitem__(4, ""), "line 14: the observation is empty"),
    (lambda rows: rows[3].__setitem__(0, "E99999999"), "line 5: area_code 'E99999999' differs from 'E00000000' "
                                                       "on line 2"),
    (lambda rows: rows[5].pop(), "line 7: 4 cells, but the header has 5"),
    (lambda rows: rows.pop(15), "TS021 is missing White: Roma"),
])
def test_each_bad_row_is_refused_with_its_line_and_reason(change, expected) -> None:
    rows = made_up_rows()
    change(rows)
    assert expected in refused(made_up_csv(rows))


def test_bad_files_as_a_whole() -> None:
    assert "the file is empty" in refused(b"")
    assert "the file is empty" in refused(b"\xef\xbb\xbf\r\n")
    assert "header but no categories" in refused((HEADER + "\n").encode())
    assert "line 1: the column 'observation' is missing" in refused(b"table,category\nTS008,Female\n")
    assert "line 1: unknown column 'count'" in refused(b"table,category,count\n")
    latin1 = made_up_csv().replace(b"Irish", "Ir\xe9sh".encode("latin-1"), 1)
    message = refused(latin1)
    assert "not UTF-8" in message and "line 14:" in message


def test_the_template_has_every_category_and_no_figures() -> None:
    data = template_path().read_bytes()
    rows = list(csv.reader(data.decode("utf-8").splitlines()))
    assert rows[0] == HEADER.split(",")
    assert all(row[4] == "" and row[0] == "" for row in rows[1:]), "the template must ship no numbers"
    assert len(rows) - 1 == sum(1 for table in TABLES.values() for a in table.values() if a)
    assert "no figures yet" in refused(data)


def test_comparison_shares_and_points_with_small_numbers_hidden() -> None:
    profile = parse_profile(made_up_csv())
    heard = {"white_british": 60, "white_irish": 2, "asian_indian": 20, "black_african": 10, "mixed_other": 6,
             "prefer_not_to_say": 9}
    result = compare(dimensions()["ethnic_group"], heard, profile)
    rows = {row.key: row for row in result.rows}
    assert result.heard_total == 98 and result.population_total == 98_000   # "prefer not to say" left out
    assert rows["white"].heard == 62 and rows["white"].population_share == pytest.approx(84_000 / 98_000 * 100)
    assert rows["asian"].heard_share == pytest.approx(20 / 98 * 100)
    assert format_points(rows["asian"].difference) == f"{20 / 98 * 100 - 5_000 / 98_000 * 100:+.1f}"
    assert rows["white"].difference < 0 < rows["asian"].difference
    # Nobody from "Other ethnic group" was heard: 0 is shown, and the gap is plain.
    assert rows["other"].heard_shown == "0" and rows["other"].difference < 0

    small = compare(dimensions()["sex"], {"female": 30, "male": 3}, profile)
    female, male = small.rows
    assert male.heard_shown == "<5" and male.suppressed and male.heard_share is None and male.difference is None
    # 3 could be worked out from the total and the 30, so the 30 is hidden too.
    assert female.suppressed and female.heard_share is None and format_points(female.difference) == ""
    assert "<5" in small.note


def test_heard_counts_come_from_the_equality_answers() -> None:
    profile = parse_profile(made_up_csv())
    answers = ([{"fft": {"rating": "very_good"}, "equality": {"age_band": "under_16"}}] * 3
               + [{"equality": {"age_band": "16_24"}}] * 4 + [{"equality": {"age_band": "45_54"}}] * 12
               + [{"equality": {"age_band": "prefer_not_to_say"}}, {"equality": {}}, {"fft": {}}])
    age = dimensions()["age"]
    heard = count_heard(answers, age)
    assert heard == {"under_16": 3, "16_24": 4, "45_54": 12, "prefer_not_to_say": 1}
    rows = {row.key: row for row in compare(age, heard, profile).rows}
    # Under 16 and 16 to 24 together make "Under 25", compared with ONS's bands 0 to 24.
    assert rows["under_25"].heard == 7 and rows["under_25"].heard_shown == "7"
    assert rows["under_25"].population_share == pytest.approx(25_000 / 90_000 * 100)
    assert rows["45_54"].heard_share == pytest.approx(12 / 19 * 100)


def test_install_checks_first_and_never_replaces_with_a_bad_file(tmp_path: Path, data_paths: DataPaths) -> None:
    good = tmp_path / "test-profile-made-up.csv"
    good.write_bytes(made_up_csv())
    install_profile(good, data_paths)
    assert profile_path(data_paths).read_bytes() == good.read_bytes()
    bad = tmp_path / "bad-made-up.csv"
    rows = made_up_rows()
    rows[3][4] = "-1"
    bad.write_bytes(made_up_csv(rows))
    with pytest.raises(PopulationError, match="line 5"):
        install_profile(bad, data_paths)
    assert profile_path(data_paths).read_bytes() == good.read_bytes()
    assert load_profile(data_paths).area_name == "Made-up district"
    assert [p.name for p in data_paths.root.iterdir() if p.name.startswith(".population-")] == []


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_add_and_show(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, out, _ = run(capsys, "--data-dir", str(data), "population", "show")
    assert code == 0 and "No population profile yet" in out and "population-template.csv" in out

    profile = tmp_path / "test-profile-made-up.csv"
    profile.write_bytes(made_up_csv(newline="\r\n", bom=True))
    code, out, err = run(capsys, "--data-dir", str(data), "population", "add", str(profile))
    assert code == 0, err
    assert "Made-up district" in out and "TS008: 90,000 people" in out

    code, out, _ = run(capsys, "--data-dir", str(data), "population", "show")
    assert code == 0 and "Female: 45,000 (50.0%)" in out and "Under 25: 25,000 (27.8%)" in out

    code, out, _ = run(capsys, "--data-dir", str(data), "population", "show", "--json")
    shown = json.loads(out)
    assert shown["area_code"] == "E00000000"
    sex = next(d for d in shown["dimensions"] if d["id"] == "sex")
    assert sex["total"] == 90_000 and [c["percent"] for c in sex["categories"]] == [50.0, 50.0]


def test_cli_refuses_a_bad_file_with_one_line(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad-made-up.csv"
    rows = made_up_rows()
    rows[2][2] = "TS066"
    bad.write_bytes(made_up_csv(rows))
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "data"), "population", "add", str(bad))
    assert code != 0 and out == ""
    assert err.strip().count("\n") == 0 and "line 4: unknown table 'TS066'" in err
    assert not (tmp_path / "data" / "population.csv").exists()
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "data"), "population", "add", str(tmp_path / "nope.csv"))
    assert code != 0 and "does not exist" in err


def test_docs_describe_the_format_and_the_tables() -> None:
    text = (ROOT / "docs" / "population-profile.md").read_text(encoding="utf-8")
    for needed in ("TS021", "TS007A", "TS008", "nomisweb.co.uk", "Under 25", "no figures yet", "observation"):
        assert needed in text
