"""The kiosk window's sign-up part: the offer to get involved, each sign-up step, and saving it.

The sign-up starts only after the feedback's flow is thrown away and is saved as a record of
its own, never linked to the feedback; walking away from it throws it away too. Everything
that touches the store runs on the worker.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from app.core.signup_flow import SignupFlow, StepProblem
from app.core.signups import ContactMethod, SignupDetails, Translate
from app.core.validation import ValidationError

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer, SignalInstance
    from PySide6.QtWidgets import QStackedWidget
    from sqlalchemy.orm import Session

    from app.core.privacy import RenderedNotice
    from app.store.practices import PracticeRecord
    from app.store.settings_file import SettingsFile
    from app.store.store import Store
    from app.ui.common.tasks import TaskPool
    from app.ui.kiosk.easy_read_notice import EasyReadNoticeScreen
    from app.ui.kiosk.kiosk_voice import KioskVoice
    from app.ui.kiosk.signup_screens import NoticeScreen, OfferScreen, SignupScreen


def _read_signup_start(session: Session, language: str, organisation: str, contact: str,
                       easy_read: bool = False) -> tuple[list[PracticeRecord], RenderedNotice]:
    """On the worker: the practices to choose from and the privacy notice (in easy read if the person
    chose it), to start a sign-up."""
    from app.store.notices import current_easy_read_notice, current_notice
    from app.store.practices import list_practices

    read = current_easy_read_notice if easy_read else current_notice
    notice = read(language, organisation=organisation, contact=contact)
    return list_practices(session), notice


def _practices_exist(session: Session) -> bool:
    """On the worker: whether a GP practice's patient group can be offered."""
    from app.store.practices import list_practices

    return bool(list_practices(session))


def _save_kiosk_signup(session: Session, device_id: str, details: SignupDetails, notice: RenderedNotice,
                       event_id: str) -> str:
    """On the worker: save the sign-up with its consent to ``notice``, given at the kiosk; the person's id."""
    from app.core.signups import ConsentMethod
    from app.store.people import ConsentGiven, save_signup

    consent = ConsentGiven(notice.id, notice.version, ConsentMethod.KIOSK, event_id=event_id)
    return save_signup(session, device_id, details, consent, event_id=event_id).id



class SignupSteps:
    """What the kiosk window does for a sign-up; the window provides the rest."""

    if TYPE_CHECKING:  # the window's own parts, which these steps use
        store: Store
        tasks: TaskPool
        settings: SettingsFile
        event_id: str
        language: str
        signup: SignupFlow | None
        offer: OfferScreen
        signup_screen: SignupScreen
        notice: NoticeScreen
        easy_notice: EasyReadNoticeScreen
        easy_read: bool
        voice: KioskVoice
        pages: QStackedWidget
        idle_timer: QTimer
        _signup_round: int
        _saving: bool
        ppg_offered: bool
        sig_screen_changed: SignalInstance
        sig_signup_saved: SignalInstance

        @property
        def tr(self) -> Translate: ...

        def _show_thanks(self, lead: str | None = None) -> None: ...

    # ----- getting involved: a separate sign-up after the feedback is saved

    def read_offer_choices(self) -> None:
        """Read, on the worker, whether there are GP practices, so the offer promises only what the
        sign-up has. Practices are added by staff, outside the kiosk: reading once as it starts will do."""
        def found(exist: bool) -> None:
            self.ppg_offered = exist

        self.tasks.run_in_session(self.store, _practices_exist, on_success=found, on_failure=lambda _error: None)

    def _show_offer(self) -> None:
        self._forget_signup()
        self.pages.setCurrentWidget(self.offer)
        self.offer.show_texts(self.tr, ppg=self.ppg_offered)
        self.idle_timer.start()
        self.sig_screen_changed.emit("offer")

    def _forget_signup(self) -> None:
        """Throw away any sign-up under way: what was typed, and its controls."""
        self.signup = None
        self._signup_round += 1
        self.signup_screen.clear()
        self.notice.clear()
        self.easy_notice.clear()

    def start_signup(self) -> None:
        """Read the practices and the privacy notice on the worker, then ask the first question."""
        if self.pages.currentWidget() is not self.offer or self.signup is not None:
            return
        store, language, round_, easy_read = self.store, self.language, self._signup_round, self.easy_read
        organisation, contact = self.settings.organisation()
        self.offer.set_busy(True)

        def loaded(result: tuple[list[PracticeRecord], RenderedNotice]) -> None:
            if round_ != self._signup_round or self.pages.currentWidget() is not self.offer:
                return  # they walked away meanwhile
            practices, notice = result
            self.ppg_offered = bool(practices)
            self.signup = SignupFlow(language, practices, notice)
            self._show_signup_step(self.signup)
            self.pages.setCurrentWidget(self.signup_screen)
            self.sig_screen_changed.emit("signup")

        def failed(_error: Exception) -> None:
            if round_ != self._signup_round:
                return
            self.offer.set_busy(False)
            self.offer.show_error(self.tr("Sorry, signing up is not working at the moment. Please ask a member "
                                          "of staff, who can sign you up on paper."), self.tr)

        self.tasks.run_in_session(store, _read_signup_start, language, organisation, contact, easy_read,
                                  on_success=loaded, on_failure=failed)

    def _show_signup_step(self, flow: SignupFlow) -> None:
        self.signup_screen.show_step(flow)
        self.voice.say(*self.signup_screen.spoken)
        step = self.signup_screen.step
        for choice in step.findChildren(QAbstractButton) if step is not None else ():
            if choice.isCheckable() and choice.text():
                choice.toggled.connect(partial(self._say_chosen_step, choice.text()))

    def _say_chosen_step(self, words: str, on: bool) -> None:
        if on:
            self.voice.say(self.tr("You chose: {answer}").format(answer=words))

    def signup_next(self) -> None:
        flow, step = self.signup, self.signup_screen.step
        if flow is None or step is None or self._saving:
            return
        try:
            if flow.is_last:
                details = flow.finish(step.values())
            else:
                flow.advance(step.values())
                self._show_signup_step(flow)
                return
        except StepProblem as problem:
            if problem.step != self.signup_screen.step_name:
                self._show_signup_step(flow)
            self.signup_screen.show_errors(problem.errors)
            return
        self._save_signup(flow, details)

    def signup_back(self) -> None:
        flow, step = self.signup, self.signup_screen.step
        if flow is None or step is None or self._saving:
            return
        if flow.is_first:
            self._show_offer()  # changed their mind: nothing of the sign-up is kept
            return
        flow.back(step.values())
        self._show_signup_step(flow)

    def read_notice(self) -> None:
        if self.signup is not None and not self._saving:
            # The notice as the person chose to read it, and as their consent will name it.
            screen = self.easy_notice if self.easy_read else self.notice
            screen.show_notice(self.signup.notice, self.tr)
            self.pages.setCurrentWidget(screen)
            screen.scroll_area.setFocus(Qt.FocusReason.OtherFocusReason)
            self.sig_screen_changed.emit("notice")

    def back_from_notice(self) -> None:
        if self.signup is None:
            return
        self.pages.setCurrentWidget(self.signup_screen)
        self.notice.clear()
        self.easy_notice.clear()
        step = self.signup_screen.step
        if step is not None:
            getattr(step, "read_button", step).setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_screen_changed.emit("signup")

    def _save_signup(self, flow: SignupFlow, details: SignupDetails) -> None:
        store, event_id, notice = self.store, self.event_id, flow.notice
        self._saving = True
        self.idle_timer.stop()  # never throw a sign-up away while it is being saved
        self.signup_screen.set_busy(True)

        def saved(person_id: str) -> None:
            self._saving = False
            tr = self.tr
            lead = {ContactMethod.EMAIL: tr("You are signed up. We will be in touch by email."),
                    ContactMethod.PHONE: tr("You are signed up. We will be in touch by phone."),
                    ContactMethod.TEXT: tr("You are signed up. We will be in touch by text message.")}
            self._forget_signup()
            self._show_thanks(lead[details.contact_method])
            self.sig_signup_saved.emit(person_id)

        def failed(error: Exception) -> None:
            self._saving = False
            self.signup_screen.set_busy(False)
            self.idle_timer.start()
            if isinstance(error, ValidationError) and "practice_id" in error.errors and self.signup is flow:
                # The practice left the list while they were choosing; the store checks again.
                flow.go_to_field("practice_id")
                self._show_signup_step(flow)
                self.signup_screen.show_errors({"practice_id": self.tr(
                    "That GP practice is not on the list; choose one from the list.")})
                return
            self.signup_screen.show_error(self.tr("Sorry, your details could not be saved. Please try again, or "
                                                  "ask a member of staff for help."), self.tr)

        self.tasks.run_in_session(store, _save_kiosk_signup, store.device_id, details, notice, event_id,
                                  on_success=saved, on_failure=failed)

