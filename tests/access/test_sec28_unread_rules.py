"""F7 (availability): one mailbox whose Inbox rules cannot be read made the access view fail for everyone.

"What can Tom open?" reads every mailbox's rules (a rule may forward a colleague's mail to him). One rule set
the tenant would not show (a 403 for Maria's mailbox) raised and the whole answer was a 502-style error, for
every asker, until that mailbox was fixed. The view answers with what it read and says plainly which
mailboxes' rules it could not read: in the notes, in the JSON (`unread_rules`), and as a row of the table
and the CSV (never silently omitted). An employee asking about their own access is told of mailboxes they
may not view only by count."""

from __future__ import annotations

import csv
import io

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.conftest import web
from tests.api.served import ServedApp
from tests.security.other_admin import OtherAdmin

__all__ = ["web"]

ADMIN, TOM, MARIA = "grace.hopper@acme.com", "tom.becker@acme.com", "maria.garcia@acme.com"
SUPPORT, BILLING = "support@acme.com", "billing@acme.com"
REPORT = "/api/v1/reports/access"


def _fail_rules_of(emulator: RunningEmulator, mailbox: str) -> None:
    emulator.faults.fail_items("exchange", status=403, times=50, matching=f'"mailbox": "{mailbox}"')


def test_the_control_what_tom_can_open_is_answered_in_full(web: ServedApp) -> None:
    report = web.sign_in(ADMIN).get(REPORT, params={"person": TOM})
    assert report.status_code == 200, report.text
    assert report.json().get("unread_rules", []) == []


def test_one_mailboxs_unreadable_rules_do_not_stop_the_view_of_what_tom_can_open(
    web: ServedApp, emulator: RunningEmulator
) -> None:
    _fail_rules_of(emulator, MARIA)
    admin = web.sign_in(ADMIN)
    answer = admin.get(REPORT, params={"person": TOM})
    assert answer.status_code == 200, answer.text
    report = answer.json()
    # What could be read is answered: Tom's Full Access on support@.
    assert any(
        line["grant"]["kind"] == "full_access" and line["grant"]["resource_address"] == SUPPORT
        for line in report["lines"]
    ), report["lines"]
    assert [u["mailbox_address"] for u in report["unread_rules"]] == [MARIA], report["unread_rules"]
    assert any("Inbox rules of Maria Garcia" in n and "could not be read" in n for n in report["notes"])
    rows = list(csv.DictReader(io.StringIO(admin.get(REPORT, params={"person": TOM, "format": "csv"}).text)))
    unread = [r for r in rows if r["origin"] == "unread"]
    assert [r["resource"] for r in unread] == ["Maria Garcia (maria.garcia@acme.com)"], rows


def test_a_mailboxs_own_unreadable_rules_still_show_its_other_grants(
    web: ServedApp, tenant: TenantState, emulator: RunningEmulator
) -> None:
    OtherAdmin(tenant).exchange("New-InboxRule", Mailbox=SUPPORT, Name="to tom", RedirectTo=[TOM])
    _fail_rules_of(emulator, SUPPORT)
    answer = web.sign_in(ADMIN).get(REPORT, params={"mailbox": SUPPORT})
    assert answer.status_code == 200, answer.text
    report = answer.json()
    kinds = {line["grant"]["kind"] for line in report["lines"]}
    assert "full_access" in kinds, kinds
    assert "rule_forwarding" not in kinds, kinds
    assert [u["mailbox_address"] for u in report["unread_rules"]] == [SUPPORT]
    page = web.sign_in(ADMIN).get("/access", params={"mailbox": SUPPORT})
    assert page.status_code == 200
    assert "could not be read" in page.text


def test_an_employee_is_told_of_others_unreadable_rules_by_count_only(
    web: ServedApp, emulator: RunningEmulator
) -> None:
    _fail_rules_of(emulator, MARIA)
    answer = web.sign_in(TOM).get(REPORT, params={"person": TOM})
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["unread_rules"] == [], report
    assert report["unread_others"] == 1, report
    assert "maria" not in answer.text.lower()
    assert any("1 other mailbox(es) you may not view" in n for n in report["notes"]), report["notes"]
