"""Role levels and involvement payment rates, after NHS England's payment policy for people
taking part.

Source: NHS England, "Working with our patient and public voice (PPV) partners: reimbursing
expenses and paying involvement payments", version 3, 20 October 2021 (publication reference
PAR869), found through NHS England's PPV partner application packs
(england.nhs.uk/long-read/patient-and-public-voice-ppv-partner-application-information-pack-...),
which say that level 4 PPV roles attract an involvement payment, paid through payroll and
subject to tax and National Insurance, and that every level may claim reasonable expenses.
The policy sorts roles into four levels, by how much is asked of the person; levels 1 to 3
are expenses only.

The day and half-day figures below (£150 a day, £75 for up to four hours) are the policy's
published rates as we understood them; we could not read the rate table itself when this was
written, so CHECK THEM against the current policy before relying on them. They are a plain
table here so the team can see them (the claim dialog and ``involve claim rates`` show them),
and every amount is staff's to change on the claim itself: the rate only suggests it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.core.i18n import N_, _

POLICY_NAME = N_("NHS England patient and public voice (PPV) partners: reimbursing expenses and paying "
                 "involvement payments (version 3, October 2021)")
HALF_DAY_MINUTES = 4 * 60  # up to four hours is a half day; more is a full day


class RoleLevel(enum.StrEnum):
    """How much a role asks of the person, as the policy sorts roles (stored as the value)."""

    LEVEL_1 = "role-1"
    LEVEL_2 = "role-2"
    LEVEL_3 = "role-3"
    LEVEL_4 = "role-4"

    @property
    def number(self) -> int:
        return int(self.value.rpartition("-")[2])

    @property
    def label(self) -> str:
        return _("Role {n}: {what}").format(n=self.number, what=_(ROLE_DESCRIPTIONS[self]))

    @property
    def rate(self) -> Rate:
        return RATES[self]

    @property
    def paid(self) -> bool:
        return RATES[self].day_pence > 0


ROLE_DESCRIPTIONS = {
    RoleLevel.LEVEL_1: N_("taking part in a survey, a public meeting or an event"),
    RoleLevel.LEVEL_2: N_("a focus group, reading group or one-off workshop"),
    RoleLevel.LEVEL_3: N_("a regular member of a group, panel or reference group"),
    RoleLevel.LEVEL_4: N_("a partner on a board or programme, with an involvement payment"),
}


@dataclass(frozen=True)
class Rate:
    """What one role level is paid for its time: nothing for levels paid expenses only."""

    day_pence: int
    half_day_pence: int


RATES: dict[RoleLevel, Rate] = {
    RoleLevel.LEVEL_1: Rate(0, 0),
    RoleLevel.LEVEL_2: Rate(0, 0),
    RoleLevel.LEVEL_3: Rate(0, 0),
    RoleLevel.LEVEL_4: Rate(15_000, 7_500),  # £150 a day, £75 a half day: check against the policy
}


def parse_role_level(value: object) -> RoleLevel:
    """A role level from its value ("role-4"), its number ("4"), or "role 4" / "level 4"."""
    if isinstance(value, RoleLevel):
        return value
    text = str(value or "").strip().lower()
    digits = "".join(ch for ch in text if ch.isdigit())
    words = text.replace("-", " ").replace(digits, "").split() if digits else [text]
    if digits and len(digits) == 1 and set(words) <= {"role", "level"}:
        for level in RoleLevel:
            if level.number == int(digits):
                return level
    raise ValueError(_("'{text}' is not a role level; give 1, 2, 3 or 4 as in the payment policy.").format(
        text=str(value)[:40]))


def suggested_payment(level: RoleLevel | None, minutes: int) -> int | None:
    """Pence the policy suggests for an activity of ``minutes`` at ``level``: a half day for up
    to four hours, a full day for more; None when the level is not paid or the length unknown."""
    if level is None or not level.paid or minutes <= 0:
        return None
    rate = level.rate
    return rate.half_day_pence if minutes <= HALF_DAY_MINUTES else rate.day_pence


def pounds_text(pence: int) -> str:
    """'£12.50', as finance reads it."""
    return f"£{pence // 100:,}.{pence % 100:02d}"


def rates_table() -> list[tuple[str, str, str]]:
    """(role level, a day, a half day) for every level, as the team reads them."""
    return [(level.label, pounds_text(level.rate.day_pence) if level.paid else _("expenses only"),
             pounds_text(level.rate.half_day_pence) if level.paid else _("expenses only")) for level in RoleLevel]
