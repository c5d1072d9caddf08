"""The kiosk's look: normal (NHS blue) or high contrast, scaled to the text size.

The focus indicator is the NHS one in both themes: a yellow fill with a dark band round it, so
whatever the control sits on, one of the two stands out from it by at least 3:1. A focused area
that holds text of its own (the privacy notice) gets a ring alone, of whichever of the two stands
out from the theme's background.
"""

from __future__ import annotations

import math
from string import Template

from app.core.settings import TEXT_SCALE
from app.resources_dir import resources_dir

FOCUS = {"focus": "#ffeb3b", "focus_band": "#212b32", "focus_placeholder": "#4c6272"}
NORMAL = {
    "bg": "#f0f4f5", "fg": "#212b32", "muted": "#4c6272", "panel": "#ffffff",
    "accent": "#007f3b", "accent_fg": "#ffffff", "accent_border": "#00401e",
    "secondary_bg": "#ffffff", "secondary_fg": "#005eb8", "secondary_border": "#005eb8",
    "chosen_bg": "#e8f1fa", "chosen_border": "#005eb8",
    "field_bg": "#ffffff", "field_fg": "#212b32", "border": "#4c6272", "placeholder": "#4c6272",
    "error_fg": "#212b32", "error_bg": "#fde8e6", "error_border": "#d5281b",
    **FOCUS, "ring": FOCUS["focus_band"],
}
HIGH_CONTRAST = {
    "bg": "#000000", "fg": "#ffffff", "muted": "#ffffff", "panel": "#000000",
    # Main buttons are outlined, not filled: a yellow fill is what focus looks like.
    "accent": "#000000", "accent_fg": "#ffff00", "accent_border": "#ffff00",
    "secondary_bg": "#000000", "secondary_fg": "#ffff00", "secondary_border": "#ffff00",
    "chosen_bg": "#333300", "chosen_border": "#ffff00",
    "field_bg": "#000000", "field_fg": "#ffffff", "border": "#ffffff", "placeholder": "#d8dde0",
    "error_fg": "#ffffff", "error_bg": "#000000", "error_border": "#ffff00",
    **FOCUS, "ring": FOCUS["focus"],
}
# The colours a focused control can sit on, or be, in each theme.
BACKGROUNDS = ("bg", "panel", "accent", "secondary_bg", "chosen_bg", "field_bg", "error_bg")
POINT_SIZES = {"title": 34, "question": 24, "option": 19, "small": 14}
# The welcome screen grows only a little with the text size, so what the person just tapped there
# stays where it was and the whole screen fits a 1024 by 768 screen without scrolling.
WELCOME_SIZES = {"welcome_headline": 34, "welcome_lead": 22, "fixed_text": 19, "access": 14, "fixed_small": 14}
WELCOME_MAX_SCALE = 1.15
# The thank-you, get-involved and time-warning screens start a little larger than a question's
# answers, and their words grow at least as the answers do (twice the size at 200%); the
# headline is never smaller than the words under it. They scroll when they must.
FIXED_SCREEN_SIZES = {"headline": 34, "lead": 22}
# What a member of the public can choose on the welcome screen, for themselves only. "standard"
# is the text size staff set for the laptop.
PERSON_TEXT_SCALE = {"large": 1.5, "largest": 2.0}


def text_scale(text_size: str, person_choice: str = "standard") -> float:
    """How much bigger than normal the kiosk's text is: the person's choice, else the laptop's setting."""
    return PERSON_TEXT_SCALE.get(person_choice, TEXT_SCALE.get(text_size, 1.0))


def points(size: float) -> int:
    """A point size rounded up, so text is never below the size asked for (1.5 times 19 is 28.5)."""
    return math.ceil(round(size, 3))


def kiosk_stylesheet(*, high_contrast: bool, text_size: str, person_choice: str = "standard") -> str:
    scale = text_scale(text_size, person_choice)
    values = dict(HIGH_CONTRAST if high_contrast else NORMAL)
    values.update({name: str(points(size * scale)) for name, size in POINT_SIZES.items()})
    values.update(fixed_screen_sizes(scale))
    template = (resources_dir() / "styles" / "kiosk.qss.template").read_text(encoding="utf-8")
    return Template(template).substitute(values)


def fixed_screen_sizes(scale: float) -> dict[str, str]:
    """Point sizes on the screens outside the questions, for text ``scale`` times the normal size."""
    welcome = min(scale, WELCOME_MAX_SCALE)
    sizes = {name: size * welcome for name, size in WELCOME_SIZES.items()}
    body = points(POINT_SIZES["option"] * scale)
    lead = max(points(FIXED_SCREEN_SIZES["lead"] * welcome), body)
    sizes.update({"body": body, "lead": lead,
                  "headline": max(FIXED_SCREEN_SIZES["headline"] * welcome, lead * 1.1)})
    return {name: f"{size:.0f}" for name, size in sizes.items()}


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
