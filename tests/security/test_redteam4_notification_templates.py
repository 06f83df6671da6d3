"""Red team 4: an admin's notification template (in <home>/notification-templates/) that fails in Python
rather than in Jinja: a division by zero, a bad format, a range the sandbox refuses. Each is a recorded
failure of that delivery, as a Jinja error is; it never escapes into the command or page that made the
news, nor stops the other deliveries of the round, nor holds its delivery claimed for ever."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import SendAs
from mailwarden.notifications.templates import OVERRIDE_FOLDER
from tests.notifications.test_notifications import SUPPORT, TOM, _ask, _configure, _deliver, _records
from tests.workflow.conftest import Flow, flow, store  # noqa: F401 - the workflow's fixtures


@pytest.mark.anyio
@pytest.mark.parametrize(
    "template",
    [
        "{{ 1 // (steps | length - 1) }}",
        "{{ '{:d}'.format(request.id) }}",
        "{{ range(10 ** 6) | list | length }}",
    ],
)
async def test_a_template_that_fails_in_python_is_a_recorded_failure(
    flow: Flow,  # noqa: F811
    tenant: TenantState,
    tmp_path: Path,
    template: str,
) -> None:
    _configure(flow, tmp_path)
    folder = tmp_path / "home" / OVERRIDE_FOLDER
    folder.mkdir(parents=True)
    (folder / "waiting.html").write_text(template)
    await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    done = await _deliver(flow, tmp_path)
    assert done.retrying == 1
    [record] = _records(flow.service.store)
    assert "waiting.html" in (record.last_error or "")
