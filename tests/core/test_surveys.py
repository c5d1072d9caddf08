"""Survey definitions, answer checking and the shipped surveys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.surveys import (
    AnswerError,
    QuestionType,
    SurveyError,
    check_answer,
    check_answers,
    parse_survey,
    pick,
    visible_questions,
)
from app.store.survey_library import install_survey, load_library, read_survey_file

ROOT = Path(__file__).resolve().parents[2]


def library():
    return load_library().surveys


def test_shipped_surveys_load_in_english_and_polish() -> None:
    surveys = library()
    assert list(surveys) == ["fft", "topics", "equality"]
    for survey in surveys.values():
        assert survey.languages == ("en", "pl")
        for q in survey.questions:
            assert pick(q.text, "pl") != pick(q.text, "en")
            for option in q.choices():
                assert set(option.text) >= {"en", "pl"} or q.type is QuestionType.RATING


def test_fft_uses_nhs_england_wording() -> None:
    fft = library()["fft"]
    rating = fft.question("fft_rating")
    assert rating.text["en"] == "Overall, how was your experience of our service?"
    assert [o.text["en"] for o in rating.options] == [
        "Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]
    assert rating.required and fft.question("fft_comment").type is QuestionType.TEXT


def test_every_equality_question_is_optional_with_prefer_not_to_say() -> None:
    equality = library()["equality"]
    for q in equality.questions:
        assert not q.required
        if q.type is not QuestionType.TEXT:
            assert "prefer_not_to_say" in [o.value for o in q.options], q.id
    ethnic = [o.value for o in equality.question("ethnicity").options]
    assert len(ethnic) == 20  # the 19 ONS 2021 census groups for England, then prefer not to say


def test_required_questions_cannot_be_skipped_and_text_is_limited() -> None:
    fft = library()["fft"]
    with pytest.raises(AnswerError) as caught:
        check_answers(fft, {"fft_comment": "fine"})
    assert caught.value.question_id == "fft_rating" and "answer" in str(caught.value)
    with pytest.raises(ValueError, match="2000 characters"):
        check_answer(fft.question("fft_comment"), "x" * 2001)
    assert check_answers(fft, {"fft_rating": "good", "fft_comment": "  kind staff  "}) == {
        "fft_rating": "good", "fft_comment": "kind staff"}


def test_show_if_hides_and_drops_answers_to_hidden_questions() -> None:
    equality = library()["equality"]
    ids = [q.id for q in visible_questions(equality, {"long_term_condition": "no"})]
    assert "condition_reduces_activity" not in ids
    assert "condition_reduces_activity" in [q.id for q in visible_questions(equality, {"long_term_condition": "yes"})]
    clean = check_answers(equality, {"long_term_condition": "no", "condition_reduces_activity": "a_lot"})
    assert clean == {"long_term_condition": "no"}


def test_postcode_district_is_checked() -> None:
    q = library()["equality"].question("postcode_district")
    assert check_answer(q, " ct1 ") == "CT1"
    assert check_answer(q, "ME14") == "ME14"
    with pytest.raises(ValueError, match="first part of a postcode"):
        check_answer(q, "CT1 2AB")


def test_multiple_choice_prefer_not_to_say_stands_alone() -> None:
    data = {"id": "t", "version": 1, "title": "T", "questions": [
        {"id": "q", "type": "multiple", "text": "Pick", "options": [
            {"value": "a", "text": "A"}, {"value": "b", "text": "B"},
            {"value": "none", "text": "Prefer not to say", "exclusive": True}]}]}
    q = parse_survey(data).question("q")
    assert check_answer(q, ["b", "a", "a"]) == ["a", "b"]
    with pytest.raises(ValueError, match="cannot be chosen with other answers"):
        check_answer(q, ["a", "none"])


@pytest.mark.parametrize("change, problem", [
    (lambda d: d.pop("id"), "missing 'id'"),
    (lambda d: d.update(version=0), "'version'"),
    (lambda d: d["questions"][0].update(type="slider"), "question 1 (fft_rating): 'type' must be one of"),
    (lambda d: d["questions"][0]["options"][0].pop("value"), "option 1 needs a 'value'"),
    (lambda d: d["questions"][1].update(id="fft_rating"), "used twice"),
    (lambda d: d["questions"][1].update(show_if={"question": "later", "in": ["x"]}), "'show_if'"),
    (lambda d: d["questions"][0]["text"].pop("pl"), "has no pl text"),
])
def test_malformed_definitions_are_refused_naming_the_file_and_problem(tmp_path: Path, change, problem) -> None:
    data = json.loads((ROOT / "resources" / "surveys" / "fft.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SurveyError) as caught:
        read_survey_file(path)
    assert str(caught.value).startswith("broken.json: ") and problem in str(caught.value)


def test_not_json_is_refused_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "topics.json"
    path.write_text('{"id": "topics",\n  "version": }', encoding="utf-8")
    with pytest.raises(SurveyError, match=r"topics.json: not valid JSON \(line 2"):
        read_survey_file(path)


def test_an_organisation_replaces_the_topics_and_a_bad_file_is_left_out(tmp_path: Path) -> None:
    topics = json.loads((ROOT / "resources" / "surveys" / "topics.json").read_text(encoding="utf-8"))
    topics["version"] = 2
    topics["questions"][0]["options"].append(
        {"value": "maternity", "text": {"en": "Maternity", "pl": "Opieka okołoporodowa"}})
    source = tmp_path / "our-topics.json"
    source.write_text(json.dumps(topics), encoding="utf-8")
    folder = tmp_path / "org"
    install_survey(source, folder)
    (folder / "junk.json").write_text("[]", encoding="utf-8")
    loaded = load_library(folder)
    assert loaded.surveys["topics"].version == 2
    assert "maternity" in [o.value for o in loaded.surveys["topics"].question("topics").options]
    assert loaded.problems == ["junk.json: a survey must be a JSON object"]


def _one_question(**question) -> dict:
    return {"id": "t", "version": 1, "title": "T", "questions": [{"id": "q", "text": "Q", **question}]}


def test_rating_from_zero_and_number_bounds() -> None:
    rating = parse_survey(_one_question(type="rating", min=0, max=10)).question("q")
    assert [o.value for o in rating.choices()][:2] == ["0", "1"] and check_answer(rating, "0") == 0
    number = parse_survey(_one_question(type="number", min=1)).question("q")
    with pytest.raises(ValueError, match="at least 1"):
        check_answer(number, "0")
    with pytest.raises(SurveyError, match="'min' is above 'max'"):
        parse_survey(_one_question(type="number", min=5, max=1))


def test_strict_definition_keys() -> None:
    with pytest.raises(SurveyError, match="'required' must be true or false"):
        parse_survey(_one_question(type="text", required="no"))
    with pytest.raises(SurveyError, match="unknown 'requried'"):
        parse_survey(_one_question(type="text", requried=True))


def test_dates_the_uk_way_and_in_range() -> None:
    q = parse_survey(_one_question(type="date")).question("q")
    assert check_answer(q, "14/03/2026") == "2026-03-14" == check_answer(q, "2026-03-14")
    for bad in ("31/02/2026", "1800-01-01", "next week"):
        with pytest.raises(ValueError, match="real date"):
            check_answer(q, bad)


def test_a_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "topics.json"
    path.write_bytes(b"\xef\xbb\xbf" + (ROOT / "resources" / "surveys" / "topics.json").read_bytes())
    assert read_survey_file(path).id == "topics"


def test_the_fft_cannot_be_replaced_by_something_else(tmp_path: Path) -> None:
    path = tmp_path / "fft.json"
    path.write_text(json.dumps({"id": "fft", "version": 2, "title": "FFT", "questions": [
        {"id": "fft_comment", "type": "text", "text": "Anything?"}]}), encoding="utf-8")
    with pytest.raises(SurveyError, match="the FFT must keep its question"):
        install_survey(path, tmp_path / "org")
    assert not (tmp_path / "org").exists()


def test_a_release_shipping_a_higher_version_is_taken_up_and_the_old_one_still_reads(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    import shutil

    import app.store.survey_library as survey_library
    from app.core.survey_versions import survey_version

    data = tmp_path / "data"
    folder = data / "surveys"
    data.mkdir()
    ours = json.loads((ROOT / "resources" / "surveys" / "topics.json").read_text(encoding="utf-8"))
    ours["questions"][0]["options"][0]["text"] = {"en": "Seeing a GP", "pl": "Wizyta u lekarza"}
    ours["version"] = 2
    source = tmp_path / "ours.json"
    source.write_text(json.dumps(ours), encoding="utf-8")
    install_survey(source, folder)  # the organisation's own topics, version 2

    release = tmp_path / "release"
    shutil.copytree(ROOT / "resources" / "surveys", release)
    shipped = json.loads((release / "topics.json").read_text(encoding="utf-8")) | {"version": 3}
    (release / "topics.json").write_text(json.dumps(shipped), encoding="utf-8")
    monkeypatch.setattr(survey_library, "built_in_folder", lambda: release)

    surveys = load_library(folder).surveys
    assert surveys["topics"].version == 3, "a higher shipped version is taken up"
    for version, words in ((1, "Getting a GP appointment"), (2, "Seeing a GP"), (3, "Getting a GP appointment")):
        found = survey_version(surveys, "topics", version)
        assert found is not None and found.version == version
        assert found.question("topics").options[0].text["en"] == words


def test_a_file_dropped_in_with_a_used_version_but_other_words_is_left_out(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "surveys"
    folder.mkdir(parents=True)
    assert load_library(folder).surveys["topics"].version == 1  # the shipped topics, now kept as used
    changed = json.loads((ROOT / "resources" / "surveys" / "topics.json").read_text(encoding="utf-8"))
    changed["questions"][0]["options"][0]["text"]["en"] = "Seeing a GP"
    (folder / "ours.json").write_text(json.dumps(changed), encoding="utf-8")

    loaded = load_library(folder)

    assert loaded.surveys["topics"].question("topics").options[0].text["en"] == "Getting a GP appointment"
    assert loaded.problems == ["ours.json: version 1 of survey topics is already in use with other content; "
                               "give the changed survey a higher version"]
