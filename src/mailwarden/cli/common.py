"""What every command shares: the consoles, the common options, and turning errors into one line."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TextIO, TypeVar, cast

import typer

from mailwarden.errors import AmbiguousRecipient, MailwardenError
from mailwarden.logs import shown

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "AsOption",
    "JsonOption",
    "JustificationOption",
    "OnlyAllowedOption",
    "TenantOption",
    "console",
    "data_out",
    "errors",
    "escape",
    "fail",
    "handles_errors",
    "print_json",
    "rich_console",
    "shown",
]


class _FirstUsed:
    """A rich Console made where it is first used, then used for everything: a command that prints only
    JSON (`plan --json`) writes to sys.stdout and never imports rich (tests/cli/test_cold_start.py)."""

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def made(self) -> Console:
        if self._console is None:
            self._console = _shown_console()(stderr=self._stderr, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.made(), name)


@functools.cache
def _shown_console() -> type[Console]:
    """rich's Console, every text it prints (`print`'s, a table's cells and titles) `shown` first: the one
    place the CLI's output loses control characters, whatever a command prints and however it escapes."""
    from rich.console import Console

    class ShownConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(shown(text), **kwargs)

    return ShownConsole


class _ShownStream:
    """A text stream whose every write is `shown` (a CSV's line ends kept as line breaks)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(shown(text.replace("\r\n", "\n")))

    def flush(self) -> None:
        self._stream.flush()


def data_out() -> TextIO:
    """Standard output for the data a command writes there as it is (CSV, JSON lines, evidence): exact to
    a file or a pipe; to a terminal, every control character of tenant text replaced (`shown`)."""
    stream = sys.stdout
    return cast("TextIO", _ShownStream(stream)) if stream.isatty() else stream


console = cast("Console", _FirstUsed(stderr=False))
errors = cast("Console", _FirstUsed(stderr=True))


def rich_console(shown: Console) -> Console:
    """The Console itself behind `console` or `errors`, for what rich keeps a console for (a progress bar)."""
    return shown.made() if isinstance(shown, _FirstUsed) else shown


def escape(markup: str) -> str:
    """rich.markup.escape, imported when first needed: text shown as it is, never read as markup."""
    from rich.markup import escape as escaped

    return escaped(markup)


TenantOption = Annotated[
    str, typer.Option("--tenant", "-t", help="The tenant to act on (default: the demo tenant).")
]
AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Demo tenant only: who is asking, an address, UPN or name (default: the demo admin). "
        "Elsewhere you act as who signed in with 'mailwarden login'.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables.")]
JustificationOption = Annotated[
    str | None,
    typer.Option(
        "--justification",
        help="Why you ask, in writing; required when you are the tenant's only admin and the change wants "
        "a second admin (no second admin: four-eyes not possible).",
    ),
]
OnlyAllowedOption = Annotated[
    bool,
    typer.Option(
        "--only-allowed",
        help="Submit the allowed steps and drop the denied ones (they stay on the request, with why).",
    ),
]

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int = 1) -> None:
    """Print one line to stderr and exit: the way every command reports a problem."""
    # Messages quote what people typed and what the tenant holds: shown as they are, never read as markup
    # (a name with "[/]" in it would crash the command; "[link=...]" would hide where a link goes).
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn mailwarden's errors into a one-line message and a non-zero exit, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except AmbiguousRecipient as exc:
            lines = [str(exc)]
            lines += [f"  - {_candidate(c)}" for c in exc.candidates]
            errors.print("[bold red]error:[/] " + escape("\n".join(lines)), highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except MailwardenError as exc:
            fail(str(exc))
            raise  # unreachable: fail() exits
        except KeyboardInterrupt:
            errors.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper


def _candidate(candidate: Any) -> str:
    label = getattr(candidate, "label", None)
    if callable(label):
        detail = ", ".join(
            x for x in (getattr(candidate, "department", None), getattr(candidate, "job_title", None)) if x
        )
        return f"{label()}" + (f" — {detail}" if detail else "")
    return str(candidate)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
