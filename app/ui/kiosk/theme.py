"""The kiosk's look: normal (NHS blue) or high contrast, scaled to the text size setting."""

from __future__ import annotations

from string import Template

from app.core.settings import TEXT_SCALE
from app.resources_dir import resources_dir

NORMAL = {
    "bg": "#f0f4f5", "fg": "#212b32", "muted": "#4c6272", "panel": "#ffffff",
    "accent": "#007f3b", "accent_fg": "#ffffff", "accent_border": "#00401e",
    "secondary_bg": "#ffffff", "secondary_fg": "#005eb8", "secondary_border": "#005eb8",
    "focus": "#ffb81c", "chosen_bg": "#e8f1fa", "chosen_border": "#005eb8",
    "field_bg": "#ffffff", "field_fg": "#212b32", "border": "#4c6272",
    "error_fg": "#212b32", "error_bg": "#fde8e6", "error_border": "#d5281b",
}
HIGH_CONTRAST = {
    "bg": "#000000", "fg": "#ffffff", "muted": "#ffffff", "panel": "#000000",
    "accent": "#ffff00", "accent_fg": "#000000", "accent_border": "#ffffff",
    "secondary_bg": "#000000", "secondary_fg": "#ffff00", "secondary_border": "#ffff00",
    "focus": "#00ffff", "chosen_bg": "#333300", "chosen_border": "#ffff00",
    "field_bg": "#000000", "field_fg": "#ffffff", "border": "#ffffff",
    "error_fg": "#ffffff", "error_bg": "#000000", "error_border": "#ffff00",
}
POINT_SIZES = {"title": 34, "question": 24, "option": 19, "small": 14}
# The welcome, thank-you and get-involved screens do not scroll and are already very large; they grow only a
# little with the text size, so everything on them still fits a 1024 by 768 screen.
FIXED_SCREEN_SIZES = {"headline": 34, "lead": 22, "fixed_text": 19}
FIXED_SCREEN_MAX_SCALE = 1.15


def kiosk_stylesheet(*, high_contrast: bool, text_size: str) -> str:
    scale = TEXT_SCALE.get(text_size, 1.0)
    values = dict(HIGH_CONTRAST if high_contrast else NORMAL)
    values.update({name: f"{size * scale:.0f}" for name, size in POINT_SIZES.items()})
    fixed = min(scale, FIXED_SCREEN_MAX_SCALE)
    values.update({name: f"{size * fixed:.0f}" for name, size in FIXED_SCREEN_SIZES.items()})
    template = (resources_dir() / "styles" / "kiosk.qss.template").read_text(encoding="utf-8")
    return Template(template).substitute(values)
