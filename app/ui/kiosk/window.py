"""The kiosk window: full screen, one person at a time, nothing left behind for the next.

- It starts on the welcome (attract) screen and goes back there after the thank-you screen,
  after the idle timeout, on "Start again", and whenever an unfinished response is abandoned.
- Before the idle timeout it warns, on a screen that covers everything the person gave, for
  ``WARNING_SECONDS``; "I need more time" takes them back with their answers kept.
- What a person chooses for themselves on the welcome screen (language, text size, contrast,
  reading aloud, and easy read where the event offers it) lasts until the kiosk starts again
  for the next person; reading aloud stops at once then. The window's locale follows the
  language, so screen readers read Polish screens with a Polish voice.
- A response is committed by the store worker before "Thank you" is shown; the flow's id is
  made when the person starts, so a retried save never stores it twice.
- If the setting is on, people are then asked whether they would like to get involved. The
  sign-up starts only after the feedback's flow is thrown away and is saved as a record of
  its own, never linked to the feedback; walking away from it throws it away too.
- Leaving (the Staff button, or closing the window) needs the staff PIN.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from app.core.i18n import _, plural_translator_for, translator_for
from app.core.kiosk_flow import KioskFlow
from app.core.responses import ResponseMode
from app.core.settings import signup_allowed
from app.core.signup_flow import SignupFlow
from app.core.signups import Translate
from app.core.surveys import Survey
from app.store.settings_file import SettingsFile
from app.ui.common.tasks import TaskPool
from app.ui.kiosk.announce import announce
from app.ui.kiosk.easy_read_notice import EasyReadNoticeScreen
from app.ui.kiosk.idle_warning import WARNING_SECONDS, IdleWarningScreen
from app.ui.kiosk.kiosk_voice import KioskVoice, chosen_words
from app.ui.kiosk.pin_dialogs import UnlockDialog
from app.ui.kiosk.screens import AttractScreen, QuestionScreen, ThanksScreen
from app.ui.kiosk.signup_screens import NoticeScreen, OfferScreen, SignupScreen
from app.ui.kiosk.theme import kiosk_stylesheet
from app.ui.kiosk.window_signup import SignupSteps

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.read_aloud import ReadAloud
    from app.store.events import EventRecord
    from app.store.store import Store

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel,
            QEvent.Type.InputMethod}


def _read_event(session: Session, event_id: str) -> EventRecord:
    from app.store.events import get_event

    return get_event(session, event_id)


class KioskWindow(SignupSteps, QWidget):
    sig_screen_changed = Signal(str)
    """The screen now showing: "attract", "question", "offer", "signup", "notice", "thanks" or "warning"."""
    sig_response_saved = Signal(str)
    """A response was committed (its id); "Thank you" (or the offer to get involved) is on screen."""
    sig_signup_saved = Signal(str)
    """A sign-up and its consent were committed (the person's id); "Thank you" is on screen."""
    sig_closed = Signal()
    """Staff left kiosk mode with the PIN."""

    def __init__(self, store: Store, tasks: TaskPool, event_id: str, surveys: list[Survey],
                 settings: SettingsFile, parent: QWidget | None = None, *, easy_read: bool = False,
                 speaker: ReadAloud | None = None) -> None:
        """``easy_read``: the event offers the FFT in easy read; ``speaker`` reads aloud (by default,
        with this computer's voices)."""
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(_("Involve kiosk"))
        self.store, self.tasks, self.event_id, self.surveys = store, tasks, event_id, surveys
        self.settings = settings
        self.languages = [lang for lang in surveys[0].languages if all(lang in s.languages for s in surveys)]
        self.language = "en"
        self.flow: KioskFlow | None = None
        self.signup: SignupFlow | None = None
        # A new number for each person offered the sign-up: an answer from the worker that
        # arrives after they walked away belongs to nobody on screen and is dropped.
        self._signup_round = 0
        self._thanks_lead: str | None = None
        self._may_close = False
        self._asking_pin = False
        self._saving = False
        # The person's own choices on the welcome screen; None until the stylesheet is first set.
        self.text_choice = "standard"
        self.high_contrast = bool(settings.get("kiosk_high_contrast"))
        self._styled_as: tuple[str, bool] | None = None
        self._event: EventRecord | None = None
        self._before_warning: tuple[QWidget, QWidget | None] | None = None
        self.easy_read_offered = easy_read
        self.easy_read = False
        if speaker is None:
            from app.services.read_aloud import ReadAloud

            speaker = ReadAloud()
        self.voice = KioskVoice(speaker, self)
        self._restyle()

        self.attract = AttractScreen(self.languages)
        self.question = QuestionScreen()
        self.thanks = ThanksScreen()
        self.offer = OfferScreen()
        self.signup_screen = SignupScreen()
        self.notice = NoticeScreen()
        self.easy_notice = EasyReadNoticeScreen()
        self.warning = IdleWarningScreen()
        self.pages = QStackedWidget()
        for page in (self.attract, self.question, self.thanks, self.offer, self.signup_screen, self.notice,
                     self.easy_notice, self.warning):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self.attract.sig_start.connect(self.start)
        self.attract.sig_language.connect(self.choose_language)
        self.attract.sig_staff.connect(self.ask_to_leave)
        self.attract.access.sig_text_size.connect(self.choose_text_size)
        self.attract.access.sig_high_contrast.connect(self.choose_high_contrast)
        self.attract.access.sig_read_aloud.connect(self.choose_read_aloud)
        self.attract.access.sig_easy_read.connect(self.choose_easy_read)
        self.voice.sig_voices_found.connect(self._voices_found)
        for screen in (self.question, self.offer, self.signup_screen, self.notice, self.easy_notice, self.warning):
            screen.sig_start_again.connect(self.start_again)
        self.warning.sig_more_time.connect(self.more_time)
        self.question.sig_next.connect(self.next)
        self.question.sig_back.connect(self.back)
        self.thanks.sig_done.connect(self.show_attract)
        self.offer.sig_yes.connect(self.start_signup)
        self.offer.sig_no.connect(lambda: self._show_thanks())
        self.signup_screen.sig_next.connect(self.signup_next)
        self.signup_screen.sig_back.connect(self.signup_back)
        self.signup_screen.sig_read_notice.connect(self.read_notice)
        self.notice.sig_done.connect(self.back_from_notice)
        self.easy_notice.sig_done.connect(self.back_from_notice)

        # Quiet for this long and the warning shows; it counts down WARNING_SECONDS, then the
        # kiosk starts again. Together they take the setting's time, and never less than 10 s
        # before the warning.
        idle = int(settings.get("kiosk_idle_seconds"))
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(max(idle - WARNING_SECONDS, 10) * 1000)
        self.idle_timer.timeout.connect(self.warn_before_reset)
        self.warning_timer = QTimer(self)
        self.warning_timer.setInterval(1000)
        self.warning_timer.timeout.connect(self._warning_tick)
        self._warning_left = 0
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setInterval(1000)
        self.thanks_timer.timeout.connect(self._count_down)
        self._thanks_left = 0
        _application().installEventFilter(self)
        self.show_attract()
        self.tasks.run_in_session(store, _read_event, event_id, on_success=self._event_read,
                                  on_failure=lambda _error: None)
        self.ppg_offered = False
        self.read_offer_choices()
        # On a pool of its own: finding the voices can take seconds (on Windows each language is
        # asked of PowerShell), and the first person's answers must not be saved behind it.
        self.voice_search = TaskPool(self)
        self.voice.find_voices(self.voice_search, self.languages)

    # Qt's tr gives way to the translator for the language the person chose, fixed when read:
    # screens keep it, so a later change of language must not reach them.
    @property
    def tr(self) -> Translate:  # type: ignore[override]
        return translator_for(self.language)

    # ----- screens

    def show_attract(self) -> None:
        self.voice.stop()  # the next person hears nothing of the last, and finds reading aloud off
        self.easy_read = False
        self.thanks_timer.stop()
        self.idle_timer.stop()
        self.warning_timer.stop()
        self._before_warning = None
        self.flow = None
        self.question.clear()
        self._forget_signup()
        self.language = "en"
        self.setLocale(QLocale(self.language))
        self.text_choice = "standard"
        self.high_contrast = bool(self.settings.get("kiosk_high_contrast"))
        self._restyle()
        self._show_attract_texts()
        self.pages.setCurrentWidget(self.attract)
        self.sig_screen_changed.emit("attract")

    def _show_attract_texts(self) -> None:
        access = self.attract.access
        access.offer(read_aloud=self.voice.offered(self.language), easy_read=self.easy_read_offered)
        access.show_choices(self.text_choice, self.high_contrast, read_aloud=self.voice.on, easy_read=self.easy_read)
        self.attract.show_texts(self.tr, self.language)
        self._show_event()

    def _voices_found(self) -> None:
        # Offered from the next welcome screen on if someone is already answering.
        if self.pages.currentWidget() is self.attract:
            self._show_attract_texts()

    def choose_language(self, language: str) -> None:
        self.language = language
        self.setLocale(QLocale(language))
        self.voice.turn(self.voice.on, language)  # off if there is no voice for it
        self._show_attract_texts()
        # Someone who picks a language and walks away must not leave it for the next person.
        self.idle_timer.start()

    def choose_text_size(self, size: str) -> None:
        self.text_choice = size
        self._restyle()
        self._show_attract_texts()
        self.attract.access.size_buttons[size].setFocus(Qt.FocusReason.OtherFocusReason)
        self.idle_timer.start()

    def choose_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self._restyle()
        self._show_attract_texts()
        self.attract.access.contrast_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.idle_timer.start()

    def choose_read_aloud(self, on: bool) -> None:
        self.voice.turn(on, self.language)
        self._show_attract_texts()
        button = self.attract.access.read_aloud_button
        button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.voice.say(button.text())
        self.idle_timer.start()

    def choose_easy_read(self, on: bool) -> None:
        self.easy_read = on and self.easy_read_offered
        self._show_attract_texts()
        button = self.attract.access.easy_read_button
        button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.voice.say(button.text())
        self.idle_timer.start()

    def _restyle(self) -> None:
        wanted = (self.text_choice, self.high_contrast)
        if wanted != self._styled_as:
            self._styled_as = wanted
            self.setStyleSheet(kiosk_stylesheet(high_contrast=self.high_contrast,
                                                text_size=self.settings.get("text_size"),
                                                person_choice=self.text_choice))

    def _event_read(self, event: EventRecord) -> None:
        self._event = event
        self._show_event()

    def _show_event(self) -> None:
        event = self._event
        if event is None:
            return
        day = event.details.event_date
        when = QLocale(self.language).toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")
        self.attract.show_event(self.tr("Answers are recorded for: {event}, {date}").format(
            event=event.name, date=when))

    def start(self) -> None:
        if self.pages.currentWidget() is not self.attract:
            return
        self.flow = KioskFlow(self.surveys, self.language)
        self.idle_timer.start()
        self._show_current()
        self.pages.setCurrentWidget(self.question)
        self.sig_screen_changed.emit("question")

    def _show_current(self) -> None:
        flow = self.flow
        assert flow is not None
        number, total = flow.progress()
        self.question.show_step(flow.current, language=flow.language, tr=self.tr, number=number, total=total,
                                given=flow.given(), first=flow.is_first, last=flow.is_last,
                                easy_read=self.easy_read)
        self.voice.say(*self.question.spoken)
        editor = self.question.editor
        if editor is not None:
            editor.sig_changed.connect(self._say_chosen)

    def _say_chosen(self) -> None:
        """Read out what the person chose (not what they type: that is theirs to see)."""
        flow, editor = self.flow, self.question.editor
        if flow is None or editor is None or not self.voice.on:
            return
        words = chosen_words(flow.current.question, editor.value(), flow.language)
        if words:
            self.voice.say(self.tr("You chose: {answer}").format(answer=words))

    def next(self) -> None:
        flow, editor = self.flow, self.question.editor
        if flow is None or editor is None or self._saving:
            return
        try:
            more = flow.answer_and_advance(editor.value())
        except ValueError as error:
            self.question.show_error(str(error), self.tr)
            return
        if more:
            self._show_current()
        else:
            self._save(flow)

    def back(self) -> None:
        if self.flow is not None and not self._saving:
            editor = self.question.editor
            self.flow.back(editor.value() if editor is not None else None)
            self._show_current()

    def _save(self, flow: KioskFlow) -> None:
        store, event_id = self.store, self.event_id
        surveys = {s.id: s for s in flow.surveys}
        answers = {sid: dict(a) for sid, a in flow.answers.items()}
        self._saving = True
        self.idle_timer.stop()  # never throw answers away while they are being saved
        self.question.set_busy(True)

        from app.store.responses import submit_response

        def saved(_new: bool) -> None:
            self._saving = False
            self.flow = None  # gone before any sign-up starts: the two are never linked
            self.question.clear()
            # No offer at all until the organisation and its privacy contact are set.
            if self.settings.get("kiosk_offer_signup") and signup_allowed(*self.settings.organisation()):
                self._show_offer()
            else:
                self._show_thanks()
            self.sig_response_saved.emit(flow.response_id)

        def failed(_error: Exception) -> None:
            self._saving = False
            self.question.set_busy(False)
            self.idle_timer.start()
            self.question.show_error(self.tr("Sorry, your answers could not be saved. Please try again, or ask a "
                                             "member of staff for help."), self.tr)

        self.tasks.run_in_session(store, submit_response, response_id=flow.response_id, device_id=store.device_id,
                                  event_id=event_id, surveys=surveys, answers=answers, mode=ResponseMode.KIOSK,
                                  language=flow.language, on_success=saved, on_failure=failed)

    def _show_thanks(self, lead: str | None = None) -> None:
        self.idle_timer.stop()  # the countdown takes over
        self._thanks_left = int(self.settings.get("kiosk_thanks_seconds"))
        self._thanks_lead = lead
        self.thanks.show_texts(self.tr, self._thanks_left, lead)
        self.pages.setCurrentWidget(self.thanks)
        self.thanks.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self.thanks, " ".join((self.thanks.title.text(), self.thanks.lead.text())))
        self.thanks_timer.start()
        self.sig_screen_changed.emit("thanks")

    def _count_down(self) -> None:
        self._thanks_left -= 1
        if self._thanks_left <= 0:
            self.show_attract()
        else:
            self.thanks.show_texts(self.tr, self._thanks_left, self._thanks_lead)

    def reset_for_next_person(self) -> None:
        """Walked away: forget the unfinished answers and show the welcome screen."""
        if self._saving:
            return
        self.show_attract()
        announce(self.attract, self.tr("The screen has started again for the next person."))

    def start_again(self) -> None:
        """The person asked to start again: nothing they gave is kept."""
        self.reset_for_next_person()

    # ----- the warning before the kiosk starts again by itself

    def warn_before_reset(self) -> None:
        if self._saving or self.pages.currentWidget() is self.warning:
            return
        self._before_warning = (self.pages.currentWidget() or self.attract, QApplication.focusWidget())
        self._warning_left = WARNING_SECONDS
        self.pages.setCurrentWidget(self.warning)
        self.warning.show_texts(self.tr, self._warning_left, first=True, plural=plural_translator_for(self.language))
        self.warning_timer.start()
        self.sig_screen_changed.emit("warning")

    def _warning_tick(self) -> None:
        self._warning_left -= 1
        if self._warning_left <= 0:
            self.reset_for_next_person()
        else:
            self.warning.show_texts(self.tr, self._warning_left, first=False,
                                    plural=plural_translator_for(self.language))

    def more_time(self) -> None:
        """Back to where the person was, with everything they gave, and the full time again."""
        self.warning_timer.stop()
        before, self._before_warning = self._before_warning, None
        if before is None:
            self.show_attract()
            return
        page, focused = before
        if page is self.offer:
            self.offer.set_busy(False)  # a sign-up that loaded meanwhile was dropped: they can ask again
        self.pages.setCurrentWidget(page)
        if focused is not None and shiboken6.isValid(focused) and page.isAncestorOf(focused):
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._focus_current_screen()
        self.idle_timer.start()
        self.sig_screen_changed.emit(self._screen_name(page))

    def _screen_name(self, page: QWidget) -> str:
        names = {id(self.attract): "attract", id(self.question): "question", id(self.offer): "offer",
                 id(self.signup_screen): "signup", id(self.notice): "notice", id(self.easy_notice): "notice",
                 id(self.thanks): "thanks"}
        return names.get(id(page), "question")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Focus can only be given once the window is on screen: put it where typing should go.
        QTimer.singleShot(0, self, self._focus_current_screen)

    def _focus_current_screen(self) -> None:
        self.activateWindow()
        page = self.pages.currentWidget()
        if page is self.attract:
            self.attract.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.thanks:
            self.thanks.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.offer:
            self.offer.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.warning:
            self.warning.more_time_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.notice or page is self.easy_notice:
            page.scroll_area.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.signup_screen:
            if self.signup_screen.step is not None:
                self.signup_screen.step.focus_first()
        elif self.question.editor is not None:
            self.question.editor.focus_first()

    # ----- idle watching and leaving

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.idle_timer.isActive():
            self.idle_timer.start()
        return False

    def ask_to_leave(self) -> None:
        if self._may_close or self._asking_pin:
            return
        self._asking_pin = True
        dialog = UnlockDialog(self.store, self.tasks, self)
        dialog.setLocale(QLocale.system())  # for staff, whatever language the public chose
        unlocked = dialog.exec() == UnlockDialog.DialogCode.Accepted
        if not shiboken6.isValid(self):  # the whole app is shutting down under the dialog
            return
        self._asking_pin = False
        dialog.deleteLater()
        if unlocked:
            self._may_close = True
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close:
            event.ignore()
            QTimer.singleShot(0, self, self.ask_to_leave)
            return
        _application().removeEventFilter(self)
        self.voice.close()
        self.idle_timer.stop()
        self.warning_timer.stop()
        self.thanks_timer.stop()
        self.sig_closed.emit()
        event.accept()


def _application() -> QCoreApplication:
    """The running application: a window cannot exist without it."""
    app = QApplication.instance()
    assert app is not None
    return app
