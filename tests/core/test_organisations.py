"""Checking an organisation's details, and the name two listings of one organisation share."""

from __future__ import annotations

import pytest

from app.core.network import OrganisationKind
from app.core.organisations import name_key, split_list, validate_organisation
from app.core.validation import ValidationError


def test_a_full_organisation_is_checked_and_tidied() -> None:
    details = validate_organisation({
        "name": "  Maidstone   Carers' Centre ", "kind": "Charity", "areas": "me14; Maidstone town;ME14",
        "topics": ["Mental health", "dementia"], "communities": "carers, OLDER PEOPLE",
        "email": "Hello@Example.org", "phone": "01622 000 000".replace("000 000", "123456"),
        "website": "www.example.org.uk", "notes": "Meets on Tuesdays"})
    assert details.name == "Maidstone Carers' Centre"
    assert details.kind is OrganisationKind.CHARITY
    assert details.areas == ("ME14", "Maidstone town")
    assert details.topics == ("mental_health", "dementia")
    assert details.communities == ("carers", "older_people")
    assert details.email == "Hello@example.org"
    assert details.phone == "+441622123456"
    assert details.website == "https://www.example.org.uk"


@pytest.mark.parametrize("kind", ["ppg", "PPG", "Patient Participation Group (PPG)", "patient participation group"])
def test_a_kind_is_taken_as_its_value_or_its_label(kind: str) -> None:
    assert validate_organisation({"name": "X", "kind": kind}).kind is OrganisationKind.PPG


def test_every_bad_field_is_named() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_organisation({"name": " ", "kind": "club", "topics": "parking", "communities": "martians",
                               "email": "not an email", "phone": "12", "website": "not a site",
                               "notes": "x" * 4001})
    assert set(caught.value.errors) == {"name", "kind", "topics", "communities", "email", "phone", "website",
                                        "notes"}
    assert "'club' is not a kind of organisation" in caught.value.errors["kind"]
    assert "'parking'" in caught.value.errors["topics"]


def test_names_that_differ_only_in_noise_share_a_key() -> None:
    assert name_key("The Maidstone Carers' Centre Ltd") == name_key("maidstone carers centre")
    assert name_key("Age UK Kent & Medway") == name_key("Age UK Kent and Medway")
    assert name_key("Café Club") == name_key("cafe club")
    assert name_key("Maidstone Carers") != name_key("Maidstone Carers Centre")


def test_lists_split_on_semicolons_or_commas() -> None:
    assert split_list("a; b, c") == ["a", "b, c"]
    assert split_list("a, b ,c") == ["a", "b", "c"]
    assert split_list("") == []
