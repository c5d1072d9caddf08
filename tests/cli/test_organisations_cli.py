"""``involve org``: add, list, import, show, merge and contacts from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run


def _org(capsys, data: Path, *args: str) -> str:
    code, out, err = run(capsys, "--data-dir", str(data), "org", "add", *args)
    assert code == 0, err
    return out.strip()


def test_add_list_show_merge_and_contact(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    keep = _org(capsys, data, "--name", "Maidstone Carers' Centre", "--kind", "Charity", "--area", "ME14",
                "--topic", "dementia", "--community", "Carers", "--email", "hi@example.org")
    code, out, err = run(capsys, "--data-dir", str(data), "org", "add", "--name", "The Maidstone Carers Centre Ltd",
                         "--kind", "charity", "--area", "Maidstone", "--topic", "mental_health")
    assert code == 0 and "Possibly the same organisation as Maidstone Carers' Centre" in err
    dup = out.strip()
    _org(capsys, data, "--name", "Ashford Youth Forum", "--kind", "vcs", "--area", "Ashford")

    code, out, _ = run(capsys, "--data-dir", str(data), "org", "list")
    assert "[possible duplicate]" in out and "2 organisations may be listed twice" in out
    code, out, _ = run(capsys, "--data-dir", str(data), "org", "list", "--topic", "Dementia", "--json")
    assert [o["id"] for o in json.loads(out)] == [keep]
    code, out, _ = run(capsys, "--data-dir", str(data), "org", "list", "--area", "me14", "--kind", "charity")
    assert "Maidstone Carers' Centre" in out and "Ashford" not in out

    code, out, err = run(capsys, "--data-dir", str(data), "org", "merge", keep[:8], dup[:8])
    assert code == 2 and "add --yes" in err
    code, out, err = run(capsys, "--data-dir", str(data), "org", "merge", keep[:8], dup[:8], "--yes")
    assert code == 0, err
    code, out, _ = run(capsys, "--data-dir", str(data), "org", "show", keep, "--json")
    shown = json.loads(out)
    assert shown["areas"] == ["ME14", "Maidstone"] and shown["topics"] == ["dementia", "mental_health"]

    code, out, err = run(capsys, "--data-dir", str(data), "person", "list", "--json")
    code, out, err = run(capsys, "--data-dir", str(data), "org", "contact", "add", keep, "nobody")
    assert code == 1 and "No one has an id starting 'nobody'" in err


def test_a_contact_is_named_and_a_withdrawn_person_is_refused(capsys, tmp_path: Path) -> None:
    from app.core.signups import ConsentMethod, validate_signup
    from app.store.paths import DataPaths
    from app.store.people import ConsentGiven, save_signup, withdraw_consent
    from app.store.store import Store

    data = tmp_path / "data"
    org = _org(capsys, data, "--name", "Deal Men's Shed", "--kind", "community")
    store = Store.open(DataPaths(data))
    try:
        with store.session() as session:
            staff = ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)
            ann, bob = (save_signup(session, store.device_id, validate_signup(
                {"name": name, "email": f"{name[:3].lower()}@example.org", "contact_method": "email",
                 "interests": ["newsletter"]}), staff) for name in ("Ann Smith", "Bob Jones"))
            withdraw_consent(session, bob.id)
    finally:
        store.close()
    code, out, err = run(capsys, "--data-dir", str(data), "org", "contact", "add", org[:8], ann.id[:8], "--role",
                         "Chair")
    assert code == 0 and "Ann Smith is a contact at Deal Men's Shed." in out
    code, out, err = run(capsys, "--data-dir", str(data), "org", "contact", "add", org[:8], bob.id[:8])
    assert code == 1
    assert err.strip() == "involve: Bob Jones withdrew their consent, so they cannot be named as a contact."
    code, out, _ = run(capsys, "--data-dir", str(data), "org", "show", org[:8])
    assert "Contact: Ann Smith (Chair)  ann@example.org" in out and "Bob" not in out


def test_bad_input_is_one_line_and_saves_nothing(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, _, err = run(capsys, "--data-dir", str(data), "org", "add", "--name", "X", "--kind", "club", "--topic",
                       "parking")
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("involve org add: --kind: 'club' is not a kind of organisation") and "--topic:" in err
    bad = tmp_path / "orgs.csv"
    bad.write_text("Name,Kind\nGood Group,vcs\n,vcs\nOther,club\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(data), "org", "import", str(bad))
    assert code == 2
    assert err.splitlines() == ["line 3: Name: Give the organisation's name.",
                                "line 4: Kind: 'club' is not a kind of organisation; choose one of Voluntary or "
                                "community group, Charity, Patient Participation Group (PPG), Healthwatch, Council, "
                                "Faith group, Community group, NHS organisation, Other."]
    code, out, _ = run(capsys, "--data-dir", str(data), "org", "list", "--json")
    assert json.loads(out) == []
    code, out, err = run(capsys, "--data-dir", str(data), "org", "import", str(bad), "--good-rows-only", "--json")
    assert code == 0 and json.loads(out)["added"] == 1
    code, out, err = run(capsys, "--data-dir", str(data), "org", "import", str(tmp_path / "missing.csv"))
    assert code == 2 and "is not a file" in err


def test_demo_adds_organisations(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, out, err = run(capsys, "--data-dir", str(data), "demo", "--events", "2", "--responses", "5",
                         "--signups", "20", "--organisations", "30", "--seed", "7", "--json")
    assert code == 0, err
    made = json.loads(out)
    assert made["organisations"] >= 30 and made["organisation_contacts"] > 0
    code, out, _ = run(capsys, "--data-dir", str(data), "org", "list", "--json")
    listed = json.loads(out)
    assert len(listed) == made["organisations"]
    assert {o["kind"] for o in listed} >= {"charity", "vcs", "community"}
