"""Signing an operator in from a test the way a person does: run `mailwarden login`, read the code it prints,
open the verification page over HTTPS, enter the code and say who one is (or cancel).

`login` runs in a thread of this process with its own stdout and stderr, so the test reads the printed
code while the command is still polling the token endpoint, exactly as a person reads their terminal.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import threading
import time
from pathlib import Path

import httpx

from mailwarden.cli.main import app
from mailwarden.emulator.devicecode import DeviceCodeTiming
from mailwarden.testing import RunningEmulator

_MESSAGE = re.compile(r"open the page (\S+) and enter the code (\w+)")


class _Stream(io.StringIO):
    """A stream one thread writes and another waits on."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = threading.Condition()

    def write(self, text: str) -> int:
        with self.changed:
            written = super().write(text)
            self.changed.notify_all()
        return written

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> re.Match[str] | None:
        deadline = time.monotonic() + timeout
        with self.changed:
            while (found := pattern.search(self.getvalue())) is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.changed.wait(left)
        return found


def quick_polling(em: RunningEmulator) -> None:
    """Let the emulator ask for a poll every second instead of Entra's five (the rules stay the same)."""
    em.asgi_app.state.device_code_timing = DeviceCodeTiming(interval=1, expires_in=900)


def enter_code(em: RunningEmulator, page: str, user_code: str, address: str | None) -> httpx.Response:
    """On the verification page: enter the code, then pick the person with `address` (None: cancel)."""
    with httpx.Client(verify=em.ssl_context(), trust_env=False, timeout=10) as http:
        assert http.get(page).status_code == 200
        chooser = http.post(page, data={"otc": user_code})
        assert chooser.status_code == 200, chooser.text
        if address is None:
            return http.post(f"{page}/confirm", data={"otc": user_code, "decline": "1"})
        buttons = re.findall(r"value='([0-9a-f-]{36})'>[^<]*<small>([^<·]+)", chooser.text)
        person = next(pid for pid, upn in buttons if upn.strip().lower() == address.lower())
        return http.post(f"{page}/confirm", data={"otc": user_code, "login_hint": person})


def login(
    home: Path, em: RunningEmulator, tenant: str, address: str | None, *args: str
) -> tuple[int, str, str]:
    """`mailwarden login --tenant T`, completed on the emulator's page as `address` (None: cancelled)."""
    out, err = _Stream(), _Stream()
    result: list[int] = []

    def run() -> None:
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = app(["login", "--tenant", tenant, *args], standalone_mode=False)
            result.append(int(code or 0))
        except SystemExit as exc:
            result.append(int(exc.code or 0))

    previous = os.environ.get("MAILWARDEN_HOME")
    os.environ["MAILWARDEN_HOME"] = str(home)
    try:
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        shown = err.wait_for(_MESSAGE, timeout=30)
        assert shown is not None, f"login printed no code: {err.getvalue()!r}"
        enter_code(em, shown.group(1), shown.group(2), address)
        thread.join(60)
        assert not thread.is_alive(), "login did not finish after the code was entered"
    finally:
        if previous is None:
            os.environ.pop("MAILWARDEN_HOME", None)
        else:
            os.environ["MAILWARDEN_HOME"] = previous
    return result[0] if result else 1, out.getvalue(), err.getvalue()
