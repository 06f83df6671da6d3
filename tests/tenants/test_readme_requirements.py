"""The README's setup steps list exactly what the requirements table says each feature needs."""

from __future__ import annotations

import re
from pathlib import Path

from mailwarden.tenants.requirements import README_END, README_START, readme_block, readme_permissions

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_exactly_the_tables_permissions() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    assert text[start:end] == readme_block(), "regenerate with: python -m mailwarden.tenants.requirements"
    required, optional, roles = readme_permissions()
    listed = re.search(r"Graph application permissions: (.+)\.", text[start:end])
    assert listed is not None
    assert listed.group(1).split(", ") == required
    assert "OrgContact.Read.All" in required
    assert "Calendars.Read" in required
    assert "Application.Read.All" in optional
    assert "Mail Recipients" in roles


def test_drift_attribution_and_notification_permissions_say_what_they_are_for_and_what_happens_without() -> (
    None
):
    block = readme_block()
    for permission, for_what, without in (
        ("AuditLogsQuery-Exchange.Read.All", "audit records", "window between two scans"),
        ("Mail.Send", "notification e-mail", "no e-mail is sent"),
    ):
        line = next(line for line in block.splitlines() if line.strip().startswith(f"- {permission}:"))
        assert for_what in line
        assert without in line
    required, _, _ = readme_permissions()
    assert "Mail.Send" not in required  # nothing fails without it: it is listed apart
