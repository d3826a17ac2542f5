"""Voice prompts in the window: speaks the prompt of each new screen in the session's language, silent after it."""

from __future__ import annotations

from PySide6.QtCore import QObject

from kiosk.voice import VoicePlayer, open_voice, prompt_for_step


class VoiceHook(QObject):
    """Follows the window's screens and its running flow's steps, and tells the voice player what to say.

    A step without a prompt lets the one playing finish; the same prompt twice in a row is said once
    (the payment step redrawn with more time); leaving the session (attract screen, maintenance) silences it.
    """

    def __init__(self, window, player: VoicePlayer):
        super().__init__(window)
        self.window = window
        self.player = player
        self._runner = None
        self._last: str | None = None
        self._counting = False
        if not player.active:
            return  # voice off: nothing to follow
        window.screen_changed.connect(self.on_screen_changed)
        window.session_ended.connect(self.on_session_ended)
        # after the window's own slot (connected first): the prompt on screen again, in the new language
        window.header.language_toggled.connect(self.on_language_toggled)
        window.sessions.on_countdown.append(self._on_countdown)
        window.sessions.on_resumed.append(self._on_resumed)

    def _say(self, prompt_id: str) -> None:
        if prompt_id == self._last:
            return
        self._last = prompt_id
        ctx = self.window.ctx
        self.player.say(prompt_id, ctx.lang, ctx.elder)

    def _silence(self) -> None:
        self._last = None
        self.player.stop()

    def on_screen_changed(self, name: str) -> None:
        runner = getattr(self.window.current_screen, "runner", None)
        if not self.window.sessions.active:
            self._runner = None
            self._silence()
            return
        if runner is not None:
            if runner is not self._runner:
                self._runner = runner
                self._last = None
                runner.screen_changed.connect(self.on_step_changed)
            self.on_step_changed()  # the flow drew its first step before the window showed it
            return
        self._runner = None
        if name == "home":
            self._last = None
            self._say("home")
        else:
            self._silence()

    def on_step_changed(self) -> None:
        runner = self._runner
        if runner is None or runner.closed or not self.window.sessions.active \
                or getattr(self.window.current_screen, "runner", None) is not runner:
            return
        prompt_id = prompt_for_step(runner.flow.screen)
        if prompt_id is not None:
            self._say(prompt_id)

    def on_language_toggled(self) -> None:
        if self._last is not None and self.window.sessions.active:
            ctx = self.window.ctx
            self.player.say(self._last, ctx.lang, ctx.elder)

    def on_session_ended(self, *_args) -> None:
        self._runner = None
        self._counting = False
        self._silence()

    def _on_countdown(self, _seconds_left: int) -> None:
        if not self._counting:
            self._counting = True
            self._last = None
            self._say("idle")

    def _on_resumed(self) -> None:
        self._counting = False

    def close(self) -> None:
        self.player.close()


def attach_voice(window) -> VoiceHook:
    """The window's voice: prompts from kiosk.yaml's ``voice`` section (an idle hook when it is off)."""
    config = window.config
    return VoiceHook(window, open_voice(config.kiosk, config.directory))
