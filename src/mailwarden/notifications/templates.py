"""Subject, plain-text and HTML bodies of each notification, from template files an admin may override.

The defaults ship in this package (`templates/`). An admin changes any of them by putting a file of the
same name in `<data folder>/notification-templates/`; a file named for one event (`waiting.html`,
`reminder.subject.txt`) wins over the general one (`message.html`, `subject.txt`). Templates run in
Jinja's sandbox (an admin's file cannot reach Python), the HTML ones with autoescape, and see only the
message's context below: names, addresses, the preview, the reasons, the deadline and a link. Nothing
secret is in it, and a link only opens the request's page, where the approver signs in to decide.

E-mail goes without a copy in the sender's Sent Items (channels.py), and Graph sends such a message with
one body: the HTML one. An admin who wants plain-text e-mail empties `message.html` (or an event's own
`.html`) in the override folder: a blank HTML body means the plain-text one is sent.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailwarden.model.requests import TEXT_WITHHELD, RequestView
from mailwarden.model.steps import ACTIONS
from mailwarden.notifications.events import HEADLINES, Event

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

__all__ = [
    "OVERRIDE_FOLDER",
    "Person",
    "Rendered",
    "TemplateProblem",
    "message_context",
    "render",
    "when",
]

OVERRIDE_FOLDER = "notification-templates"


class TemplateProblem(Exception):
    """A template (an admin's, most likely) does not render: its name and Jinja's reason."""


@dataclass(frozen=True)
class Person:
    name: str
    address: str

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name and self.name != self.address else self.address


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None
    """None when the admin's HTML template renders blank: the message is then sent as plain text."""


# Step fields that name a recipient, with how a person reads them.
_ROLES = {
    "trustee": "who",
    "member": "who",
    "grantee": "who",
    "recipient": "who",
    "target": "to",
    "forward_to": "to",
    "mailbox": "on",
    "group": "on",
    "owner": "on",
    "calendar_owner": "on",
}


def _overrides(home: Path | None) -> tuple[tuple[str, int], ...]:
    """The admin's template files with their change times: a new set means new environments."""
    folder = home / OVERRIDE_FOLDER if home is not None else None
    if folder is None or not folder.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()))


def _environments(home: Path | None) -> tuple[SandboxedEnvironment, SandboxedEnvironment]:
    return _built(home, _overrides(home))


@functools.lru_cache(maxsize=8)
def _built(
    home: Path | None, overrides: tuple[tuple[str, int], ...]
) -> tuple[SandboxedEnvironment, SandboxedEnvironment]:
    """Built once per data folder and set of override files (compiling templates is the slow part); an
    admin's file added, changed or removed gives new ones."""
    # jinja2 is imported when a message is rendered: most commands send nothing.
    from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders: list[Any] = []
    if overrides and home is not None:
        loaders.append(FileSystemLoader(str(home / OVERRIDE_FOLDER)))
    loaders.append(PackageLoader("mailwarden.notifications", "templates"))
    loader = ChoiceLoader(loaders)
    text = SandboxedEnvironment(
        loader=loader, autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True
    )
    html = SandboxedEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined)
    return text, html


def when(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%a %d %b %Y, %H:%M UTC") if moment else None


def _warnings(raw: object) -> list[str]:
    return [str(w) for w in raw] if isinstance(raw, list) else []


OTHER_STEP = (
    "Another step of this request, decided by someone else (its page shows it to those who may read it)."
)


def message_context(
    view: RequestView,
    event: Event,
    *,
    person: Callable[[str], Person],
    recipient: Person | None,
    link: str | None,
    tenant_name: str,
    admin: bool | None = None,
) -> dict[str, Any]:
    """What a template may show. `person(address)` names an address from the directory. `admin`: whether
    the recipient is one of the tenant's admins, who read every request whole as the pages show it them
    (api/operations.seen_by); None: as the event is sent (an escalation goes to the admins alone)."""
    # Named by object id (their address now), never as whoever holds the address they filed under now: one
    # gone, or whose address now is in doubt (red team 84 F1), by the address filed under alone.
    unknown = view.requester_gone or view.requester_in_doubt
    gone = Person(name=view.requester_shown, address=view.requester)
    requester = gone if unknown else person(view.requester_now or view.requester)
    if admin is None:
        admin = event in (Event.ESCALATED, Event.END_OVERDUE)
    # An admin is told the request as its requester is: what they are asked to act on, described.
    reader = None if admin else recipient
    # Sent to an approver: the steps they decide in full, the others in outline only. A stored preview is
    # redacted for the requester alone (workflow/redact.py): an approver of one step may not read what
    # another step changes (who holds Send As on a mailbox, where it forwards), as the pages show it too.
    approver = (
        reader.address.casefold()
        if reader is not None and not view.is_requesters_address(reader.address)
        else None
    )
    steps: list[dict[str, Any]] = []
    for s in view.every_step():
        if s.status == "dropped":
            continue
        if approver is not None and approver not in (
            a.casefold() for a in getattr(s.decision, "approvers", ())
        ):
            spec = ACTIONS.get(str(s.step.get("action")))
            steps.append(
                {
                    "action": spec.label if spec else str(s.step.get("action")),
                    "change": str(s.step.get("change") or ""),
                    "summary": OTHER_STEP,
                    "parties": [],
                    "decision": s.decision.outcome.replace("_", " "),
                    "reason": "",
                    "approvers": [person(a) for a in getattr(s.decision, "approvers", ())],
                    "expires": None,
                    "warnings": [],
                }
            )
            continue
        preview = s.preview
        redacted = bool(preview.get("redacted"))
        summary = str(preview.get("summary") or preview.get("reason") or "")
        spec = ACTIONS.get(str(s.step.get("action")))
        parties = []
        if not redacted:
            for field, role in _ROLES.items():
                value = s.step.get(field)
                if isinstance(value, str) and value:
                    parties.append({"field": field.replace("_", " "), "role": role, "person": person(value)})
        steps.append(
            {
                "action": spec.label if spec else str(s.step.get("action")),
                "change": str(s.step.get("change") or ""),
                "summary": summary,
                "parties": parties,
                "decision": s.decision.outcome.replace("_", " "),
                "reason": s.decision.reason,
                "approvers": [person(a) for a in getattr(s.decision, "approvers", ())],
                "expires": when(s.expires),
                "warnings": _warnings(preview.get("warnings")) if not redacted else [],
            }
        )
    # Another approver's comment may name their step's target: read as the text is (RequestView.comments_for).
    told = view.approvals if reader is None else view.comments_for(reader.address)["approvals"]
    approvals = [
        {"approver": person(a.approver), "verdict": a.verdict, "justification": a.justification} for a in told
    ]
    return {
        "event": event.value,
        "headline": HEADLINES[event].format(requester=requester.name or requester.address),
        "tenant": tenant_name,
        "recipient": recipient,
        "requester": requester,
        "request": {
            "id": view.request_id,
            "short_id": view.request_id[:8],
            "state": view.state.value.replace("_", " "),
            # Its own words name every step's target: an approver of only some steps is not told them (the
            # pages withhold them too); the justification stays. A channel post (no recipient) is unchanged.
            "text": view.text
            if not view.text or reader is None or view.reads_text(reader.address)
            else TEXT_WITHHELD,
            "justification": view.justification,
            "deadline": when(view.approval_deadline),
            "created": when(view.created),
        },
        "steps": steps,
        "approvals": approvals,
        "held": [h.line() for h in view.held_denials],
        "link": link,
    }


def render(context: dict[str, Any], *, home: Path | None) -> Rendered:
    """The message for `context`, from the event's own templates or the general ones."""
    from jinja2 import TemplateError

    text_env, html_env = _environments(home)
    event = context["event"]
    chosen = [
        (text_env, [f"{event}.subject.txt", "subject.txt"]),
        (text_env, [f"{event}.txt", "message.txt"]),
        (html_env, [f"{event}.html", "message.html"]),
    ]
    parts: list[str] = []
    for env, names in chosen:
        name = names[-1]
        try:
            template = env.select_template(names)
            name = template.name or name
            parts.append(template.render(context))
        except TemplateError as exc:
            raise TemplateProblem(
                f"notification template {name}: {exc.message or type(exc).__name__}"
            ) from exc
        except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
            # An admin's template can fail in Python too (a division by zero, a bad format, a range the
            # sandbox refuses): the same recorded failure of this delivery, never an error out of the
            # command or page that made the news.
            raise TemplateProblem(f"notification template {name}: {type(exc).__name__}: {exc}") from exc
    subject, text, html = parts
    # A subject is one line, whatever a template left in it.
    return Rendered(subject=" ".join(subject.split())[:255], text=text, html=html if html.strip() else None)
