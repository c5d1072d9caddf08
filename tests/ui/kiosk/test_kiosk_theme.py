"""The kiosk's focus indicator stands out at 3:1 or more on everything it can sit on, in both themes;
its answers reach the text size a person chose."""

from __future__ import annotations

import re

import pytest

from app.ui.kiosk.theme import BACKGROUNDS, HIGH_CONTRAST, NORMAL, POINT_SIZES, contrast_ratio, kiosk_stylesheet


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)


@pytest.mark.parametrize("theme", [NORMAL, HIGH_CONTRAST], ids=["normal", "high contrast"])
def test_the_focus_indicator_reaches_3_to_1_on_every_background(theme: dict[str, str]) -> None:
    yellow, band = theme["focus"], theme["focus_band"]
    assert (yellow, band) == ("#ffeb3b", "#212b32"), "the NHS focus colours"
    assert contrast_ratio(yellow, band) >= 3, "the band stands out from the yellow inside it"
    for name in BACKGROUNDS:
        best = max(contrast_ratio(yellow, theme[name]), contrast_ratio(band, theme[name]))
        assert best >= 3, f"focus on {name} ({theme[name]}): {best:.2f}:1"
        assert contrast_ratio(theme["ring"], theme["bg"]) >= 3, "a ring alone (the notice) stands out too"


@pytest.mark.parametrize("theme", [NORMAL, HIGH_CONTRAST], ids=["normal", "high contrast"])
def test_text_in_a_box_is_readable_focused_or_not(theme: dict[str, str]) -> None:
    assert contrast_ratio(theme["field_fg"], theme["field_bg"]) >= 4.5
    assert contrast_ratio(theme["placeholder"], theme["field_bg"]) >= 4.5
    assert contrast_ratio(theme["focus_band"], theme["focus"]) >= 4.5
    assert contrast_ratio(theme["focus_placeholder"], theme["focus"]) >= 4.5


@pytest.mark.parametrize("high_contrast", [False, True])
def test_every_focused_control_uses_the_indicator(high_contrast: bool) -> None:
    sheet = kiosk_stylesheet(high_contrast=high_contrast, text_size="normal")
    rules = [block.split("{", 1) for block in sheet.split("}") if "{" in block]
    focus_rules = [(selectors, body) for selectors, body in rules
                   if ":focus" in selectors and ("border" in body or "background" in body)]
    assert len(focus_rules) >= 6
    for selectors, body in focus_rules:
        assert "#212b32" in body or "#ffeb3b" in body or "#ffeb3b" in body.lower(), selectors


@pytest.mark.parametrize(("choice", "times"), [("standard", 1.0), ("large", 1.5), ("largest", 2.0)])
def test_the_answers_reach_the_text_size_the_person_chose(choice: str, times: float) -> None:
    sheet = kiosk_stylesheet(high_contrast=False, text_size="normal", person_choice=choice)
    answers = re.search(r"QWidget#kiosk QRadioButton, QWidget#kiosk QCheckBox \{ font-size: (\d+)pt", sheet)
    assert answers is not None
    assert int(answers.group(1)) >= POINT_SIZES["option"] * times
