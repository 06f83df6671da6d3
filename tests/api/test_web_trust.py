"""A web app an admin trusts: offline docs, navigation on every page, reads answered in the page, an
employee's own access, health at a glance, a structured form for the chosen action only."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp

NAV = 'aria-label="Main"'


def test_docs_load_only_local_assets(web: ServedApp) -> None:
    """/docs names no other host, and every script, style and icon it names is served here."""
    http = web.client()
    page = http.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)=["\']([^"\']+)["\']', page.text)
    urls += re.findall(r"url: ?['\"]([^'\"]+)['\"]", page.text)
    assert any(u.endswith(".js") for u in urls), urls
    assert any(u.endswith(".css") for u in urls), urls
    for url in urls:
        assert url.startswith("/"), f"{url} is not on this server"
        assert not url.startswith("//"), f"{url} is not on this server"
        assert http.get(urljoin(web.url, url)).status_code == 200, url
    assert "cdn" not in page.text.lower()
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "http" not in csp


def test_every_error_page_keeps_the_navigation(web: ServedApp) -> None:
    """A refused, missing or invalid page still has the menu, for the admin and the employee alike."""
    request = ask_send_as(web.sign_in("tom.becker@acme.com"), confirm=True)
    sarah = web.sign_in("sarah@acme.com")
    denied = sarah.post(f"/requests/{request['request_id']}/deny", data={"csrf_token": sarah.csrf})
    assert denied.status_code == 422
    assert "Give a reason" in denied.text
    assert NAV in denied.text
    grace = web.sign_in("grace.hopper@acme.com")
    for url, status in [
        ("/requests/no-such-request", 404),
        ("/audit?since=yesterday", 422),
        ("/no-such-page", 404),
    ]:
        page = grace.get(url)
        assert page.status_code == status, url
        assert NAV in page.text, url
        assert 'href="/tenant"' in page.text, url
    tom = web.sign_in("tom.becker@acme.com")
    for url in ("/tenant", "/audit"):
        page = tom.get(url)
        assert page.status_code == 403, url
        assert NAV in page.text, url
        assert 'href="/tenant"' not in page.text, url
    revoke = tom.post("/tokens/no-such-token/revoke", data={"csrf_token": tom.csrf})
    assert revoke.status_code == 404
    assert NAV in revoke.text


def test_a_read_asked_in_words_is_answered_in_the_page(web: ServedApp) -> None:
    """'Who can send as sales@' shows who can, as a table, with the same answer as CSV."""
    grace = web.sign_in("grace.hopper@acme.com")
    page = grace.http.post("/ask", data={"csrf_token": grace.csrf, "text": "who can send as sales@acme.com"})
    assert page.status_code == 200, page.text[-2000:]
    assert "<table>" in page.text
    assert "<caption>" in page.text
    api = grace.get("/api/v1/views/send-as", params={"mailbox": "sales@acme.com"}).json()
    assert api["rows"], "the seed gives someone Send As on sales@"
    for row in api["rows"]:
        assert str(next(iter(row.values()))) in page.text
    link = re.search(r'href="([^"]+)" download>Download CSV', page.text)
    assert link is not None
    csv = grace.get(link.group(1).replace("&amp;", "&"))
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].split(",") == api["columns"]


def test_a_read_the_policy_refuses_shows_no_answer(web: ServedApp) -> None:
    """An employee asking about a mailbox they have no part in gets the refusal, not the table."""
    tom = web.sign_in("tom.becker@acme.com")
    page = tom.http.post("/ask", data={"csrf_token": tom.csrf, "text": "who can send as sales@acme.com"})
    assert "<table>" not in page.text
    csv = tom.get("/views/send-as.csv", params={"mailbox": "sales@acme.com"})
    assert csv.status_code == 403
    assert 'aria-label="Main"' in csv.text


def test_an_employees_reports_show_their_own_access(web: ServedApp) -> None:
    """Tom opens Reports and sees what he can reach, not an error; his CSV is the same report."""
    tom = web.sign_in("tom.becker@acme.com")
    mine = tom.get("/api/v1/reports/delegations", params={"trustee": "tom.becker@acme.com"}).json()
    for url in ("/reports", "/reports?report=delegations"):
        page = tom.get(url)
        assert page.status_code == 200, url
        assert 'class="error"' not in page.text, url
        assert "<table>" in page.text, url
        assert "Download CSV" in page.text, url
        for row in mine["rows"]:
            assert str(row.get("mailbox", "")) in page.text, url


def test_tenant_health_reads_at_a_glance(web: ServedApp, tenant: TenantState) -> None:
    """One badge per capability, its checks folded beneath it, the failing check named in words."""
    set_switch(tenant, "no_exchange_role", True)
    grace = web.sign_in("grace.hopper@acme.com")
    assert grace.post("/tenant/check", data={"csrf_token": grace.csrf}).status_code == 303
    page = grace.get("/tenant").text
    # Drift reads Graph's audit log, which the Exchange role does not hold up: every other badge fails.
    capabilities = [c for c in page.split('<li class="capability">')[1:] if "Drift:" not in c]
    assert len(capabilities) == 4
    for block in capabilities:
        assert block.lstrip().startswith('<span class="badge bad">not working</span>')
        assert "<details>" in block
        assert "<summary>" in block
        failing = re.findall(r'<p class="failing">Failing: ([^<.]+)', block)
        assert failing, block
        assert all(name.strip() and "Exchange" in name for name in failing), failing


def _inputs(html: str) -> set[str]:
    form = html.split('class="structured"', 1)[1] if 'class="structured"' in html else ""
    return set(re.findall(r'<(?:input|select) id="f-[^"]+" name="([^"]+)"', form))


def test_structured_form_shows_only_the_chosen_actions_fields(web: ServedApp) -> None:
    """Choosing a change (a plain GET, no script) brings back that change's fields and nothing else."""
    tom = web.sign_in("tom.becker@acme.com")
    first = tom.get("/ask").text
    assert _inputs(first) == set()
    assert 'name="change"' not in first
    assert re.search(r'<option value="" disabled selected>— choose a change —</option>', first)
    send_as = tom.get("/ask", params={"action": "send_as"}).text
    assert _inputs(send_as) == {"mailbox", "trustee", "expires"}
    # Grant or revoke is the person's choice: nothing is chosen for them.
    assert '<option value="" disabled selected>— choose —</option>' in send_as
    assert re.search(r'value="(grant|revoke)" selected', send_as) is None
    alias = tom.get("/ask", params={"action": "change_primary_alias"}).text
    assert _inputs(alias) == {"recipient", "new_address", "keep_old"}
    assert '<option value="set" selected>' in alias  # the only change there is
    calendar = tom.get("/ask", params={"action": "calendar_share"}).text
    assert _inputs(calendar) == {"owner", "grantee", "access", "expires"}  # a share may be for a while


def test_structured_form_refuses_an_unknown_or_missing_choice(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    unknown = tom.get("/ask", params={"action": "delete_everything"})
    assert unknown.status_code == 422
    assert "is not a change" in unknown.text
    assert 'aria-label="Main"' in unknown.text
    form = {"csrf_token": tom.csrf, "action": "send_as", "change": "", "mailbox": "support@acme.com"}
    posted = tom.http.post("/ask", data={**form, "trustee": "me"})
    assert posted.status_code == 422
    assert _inputs(posted.text) == {"mailbox", "trustee", "expires"}
    assert 'value="support@acme.com"' in posted.text
