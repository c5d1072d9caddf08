"""One person's way through the kiosk sign-up, one question per screen. No Qt here.

The flow holds only what this person typed, the practices they may choose and the notice
they are shown. It knows nothing of the feedback they gave a moment before: it is made
after that feedback's flow has been thrown away, and it is thrown away whole when they
finish or walk away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from app.core.i18n import translator_for
from app.core.signups import ContactMethod, Interest, SignupDetails, validate_signup
from app.core.validation import ValidationError

if TYPE_CHECKING:
    from app.core.privacy import RenderedNotice


class Practice(Protocol):
    """A GP practice a person may choose (the store's ``PracticeRecord`` is one)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

# Which sign-up fields each screen asks for; "consent" is the privacy notice's tick box.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "interests": ("interests",),
    "practice": ("practice_id",),
    "name": ("name",),
    "contact": ("email", "phone"),
    "contact_method": ("contact_method",),
    "postcode": ("postcode",),
    "access_needs": ("access_needs",),
    "consent": ("consent",),
}


class StepProblem(ValueError):
    """What stops the person moving on: the screen to show and a message for each field on it."""

    def __init__(self, step: str, errors: Mapping[str, str]) -> None:
        self.step = step
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class SignupFlow:
    def __init__(self, language: str, practices: Sequence[Practice], notice: RenderedNotice) -> None:
        self.language = language
        self.tr = translator_for(language)
        self.practices = list(practices)
        self.notice = notice
        self.values: dict[str, Any] = {"interests": [], "practice_id": None, "name": "", "email": "", "phone": "",
                                       "contact_method": None, "postcode": "", "access_needs": "",
                                       "consent": False}
        self.position = 0

    # ----- which screens

    def interests_offered(self) -> list[Interest]:
        """Every way to get involved; a PPG only when there are practices to choose from."""
        return [i for i in Interest if i is not Interest.PPG or self.practices]

    def contact_methods(self) -> list[ContactMethod]:
        """The ways we could reach them with what they gave."""
        methods = [ContactMethod.EMAIL] if self.values["email"].strip() else []
        if self.values["phone"].strip():
            methods += [ContactMethod.PHONE, ContactMethod.TEXT]
        return methods

    def steps(self) -> list[str]:
        steps = ["interests"]
        if Interest.PPG.value in self.values["interests"] and self.practices:
            steps.append("practice")
        steps += ["name", "contact"]
        # With an email address alone there is nothing to choose: we will email them.
        if self.values["phone"].strip():
            steps.append("contact_method")
        return steps + ["postcode", "access_needs", "consent"]

    @property
    def current(self) -> str:
        return self.steps()[self.position]

    @property
    def is_first(self) -> bool:
        return self.position == 0

    @property
    def is_last(self) -> bool:
        return self.position == len(self.steps()) - 1

    def progress(self) -> tuple[int, int]:
        return self.position + 1, len(self.steps())

    # ----- answers

    def signup_values(self) -> dict[str, Any]:
        """What ``validate_signup`` checks, given the screens this person will see."""
        values = {k: v for k, v in self.values.items() if k != "consent"}
        if Interest.PPG.value not in values["interests"]:
            values["practice_id"] = None
        if "contact_method" not in self.steps():
            values["contact_method"] = ContactMethod.EMAIL.value
        return values

    def _problems(self) -> dict[str, str]:
        try:
            validate_signup(self.signup_values(), tr=self.tr, practice_ids={p.id for p in self.practices})
        except ValidationError as error:
            return error.errors
        return {}

    def keep(self, on_screen: Mapping[str, Any]) -> None:
        """Remember what is on the current screen, checked or not (for Back and return)."""
        self.values.update(on_screen)

    def advance(self, on_screen: Mapping[str, Any]) -> bool:
        """Keep this screen's answers and move on; False on the last screen.

        Raises ``StepProblem`` for this screen when something on it cannot be accepted.
        """
        step = self.current
        self.keep(on_screen)
        errors = {f: m for f, m in self._problems().items() if f in STEP_FIELDS[step]}
        if errors:
            raise StepProblem(step, errors)
        if self.is_last:
            return False
        self.position += 1
        return True

    def back(self, on_screen: Mapping[str, Any]) -> None:
        self.keep(on_screen)
        if self.position > 0:
            self.position -= 1

    def finish(self, on_screen: Mapping[str, Any]) -> SignupDetails:
        """The checked sign-up, once they have ticked their agreement to the notice.

        Raises ``StepProblem`` naming the first screen with a problem, and moves there.
        """
        self.keep(on_screen)
        errors = self._problems()
        if not self.values["consent"]:
            errors["consent"] = self.tr("To sign up, tick the box to say you agree to this privacy notice.")
        steps = self.steps()
        for n, step in enumerate(steps):
            mine = {f: m for f, m in errors.items() if f in STEP_FIELDS[step]}
            if mine:
                self.position = n
                raise StepProblem(step, mine)
        return validate_signup(self.signup_values(), tr=self.tr, practice_ids={p.id for p in self.practices})

    def go_to_field(self, field: str) -> str:
        """Move to the screen that asks for ``field`` (after the store refused it); its name."""
        steps = self.steps()
        for n, step in enumerate(steps):
            if field in STEP_FIELDS[step]:
                self.position = n
                return step
        return self.current
