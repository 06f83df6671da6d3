"""The golden table: DESIGN §5 case by case, every role × action × relation, with the expected decision.

One line per case: `org | requester | action change param=value ... | expected`, where names are the
short names of tests/policy/acme.py and the expectation is `allowed`, `denied` or `approval: a, b` (the
exact set of approvers). Orgs: acme (one admin), acme2 (two admins), sensitive, priya-off, nested, and
the fin-* variants where finance-team holds mailbox rights (acme.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mailwarden.model.steps import Step, parse_step
from tests.policy.acme import address

__all__ = ["APPROVALS", "CASES", "ApprovalCase", "Case"]

_RECIPIENT_PARAMS = {
    "mailbox",
    "trustee",
    "group",
    "member",
    "recipient",
    "owner",
    "grantee",
    "forward_to",
    "person",
}


@dataclass(frozen=True)
class Case:
    line: str
    org: str
    requester: str
    step: Step
    outcome: str
    approvers: frozenset[str]

    def __str__(self) -> str:
        return self.line


def _case(line: str) -> Case:
    org, who, what, expected = (part.strip() for part in line.split("|"))
    action, *rest = what.split()
    data: dict[str, Any] = {"action": action}
    for word in rest:
        if "=" in word:
            key, value = word.split("=", 1)
            if key == "members":
                data[key] = tuple(address(v) for v in value.split(","))
            else:
                data[key] = address(value) if key in _RECIPIENT_PARAMS else value
        else:
            data["change"] = word
    approvers: frozenset[str] = frozenset()
    if expected.startswith("approval:"):
        approvers = frozenset(address(n.strip()) for n in expected.split(":", 1)[1].split(","))
        expected = "approval_required"
    assert expected in ("allowed", "denied", "approval_required"), line
    return Case(line, org, address(who), parse_step(data), expected, approvers)


_TABLE = """
# ---- reads: admins see anything; employees their own, what they own, delegate or are a member of --------
acme | grace | view_mailbox_permissions mailbox=support | allowed
acme | grace | view_mailbox_permissions mailbox=john | allowed
acme | john | view_mailbox_permissions mailbox=john | allowed
acme | sarah | view_mailbox_permissions mailbox=support | allowed
acme | chris | view_mailbox_permissions mailbox=support | allowed
acme | tom | view_mailbox_permissions mailbox=support | allowed
acme | john | view_mailbox_permissions mailbox=support | denied
acme | john | view_mailbox_permissions mailbox=sarah | denied
acme | pat | view_mailbox_permissions mailbox=pat | denied
acme | vera | view_mailbox_permissions mailbox=support | denied
acme | partner | view_mailbox_permissions mailbox=support | denied
acme | grace | view_send_as_permissions mailbox=sales | allowed
acme | priya | view_send_as_permissions mailbox=sales | allowed
acme | john | view_send_as_permissions mailbox=sales | allowed
acme | emma | view_send_as_permissions mailbox=sales | denied
acme | emma | view_send_as_permissions mailbox=emma | allowed
acme | pat | view_send_as_permissions mailbox=sales | denied
acme | grace | view_mailbox_details mailbox=info | allowed
acme | olivia | view_mailbox_details mailbox=info | allowed
acme | mike | view_mailbox_details mailbox=billing | allowed
acme | christine | view_mailbox_details mailbox=finance | allowed
acme | rachel | view_mailbox_details mailbox=finance | denied
acme | rachel | view_mailbox_details mailbox=rachel | allowed
acme | alex | view_mailbox_details mailbox=boardroom | denied
acme | grace | view_mailbox_details mailbox=boardroom | allowed
acme | grace | view_mailbox_details mailbox=pat | allowed
sensitive | jane | view_mailbox_details mailbox=info | allowed
sensitive | olivia | view_mailbox_details mailbox=info | denied
sensitive | john | view_mailbox_details mailbox=john | allowed
acme | grace | list_group_members group=all-sales | allowed
acme | john | list_group_members group=all-sales | allowed
acme | priya | list_group_members group=all-sales | allowed
acme | david | list_group_members group=contractors | allowed
acme | lucas | list_group_members group=contractors | allowed
acme | emma | list_group_members group=contractors | denied
acme | jane | list_group_members group=marketing | allowed
acme | john | list_group_members group=marketing | denied
acme | pat | list_group_members group=all-sales | denied
acme | vera | list_group_members group=external-contractors | denied
acme | grace | list_group_members group=external-contractors | allowed
acme | grace | view_calendar_permissions owner=olivia | allowed
acme | olivia | view_calendar_permissions owner=olivia | allowed
acme | maria | view_calendar_permissions owner=olivia | denied
acme | sarah | view_calendar_permissions owner=support | allowed
acme | tom | view_calendar_permissions owner=support | allowed
acme | john | view_calendar_permissions owner=support | denied
acme | john | view_calendar_permissions owner=sarah | denied
acme | pat | view_calendar_permissions owner=pat | denied
acme | grace | delegation_report | allowed
acme | grace | delegation_report trustee=john | allowed
acme | grace | delegation_report mailbox=support trustee=chris | allowed
acme | john | delegation_report trustee=john | allowed
acme | john | delegation_report trustee=sarah | denied
acme | john | delegation_report | denied
acme | john | delegation_report mailbox=sales | allowed
acme | john | delegation_report mailbox=sales trustee=john | allowed
acme | john | delegation_report mailbox=sales trustee=priya | denied
acme | john | delegation_report mailbox=support | denied
acme | sarah | delegation_report mailbox=support trustee=chris | denied
acme | sarah | delegation_report mailbox=support | allowed
acme | pat | delegation_report trustee=pat | denied
acme | grace | access_report mailbox=support person=tom | allowed
acme | grace | access_report person=tom | allowed
acme | grace | access_report group=all-sales | allowed
acme | tom | access_report person=tom | allowed
acme | tom | access_report mailbox=support person=tom | allowed
acme | john | access_report mailbox=support person=tom | denied
acme | john | access_report person=tom | denied
acme | tom | access_report mailbox=support | denied
acme | john | access_report mailbox=john | allowed
acme | grace | list_shared_mailboxes | allowed
acme | john | list_shared_mailboxes | denied
acme | pat | list_shared_mailboxes | denied
acme | vera | list_shared_mailboxes | denied
acme | grace | list_distribution_lists | allowed
acme | priya | list_distribution_lists | denied
acme2 | ken | list_distribution_lists | allowed

# ---- delegation (Full Access, Send As, Send on Behalf): admins -------------------------------------------
acme | grace | send_as grant mailbox=support trustee=john | allowed
acme | grace | mailbox_delegation grant mailbox=sales trustee=alex | allowed
acme | grace | send_on_behalf revoke mailbox=finance trustee=christine | allowed
acme | grace | mailbox_delegation grant mailbox=boardroom trustee=tom | allowed
acme | grace | send_on_behalf grant mailbox=ukoffice trustee=sam | allowed
acme | grace | mailbox_delegation grant mailbox=grace trustee=ken | allowed
# acme has one admin: no second admin, so the sole admin runs four-eyes writes with a justification.
acme | grace | mailbox_delegation grant mailbox=john trustee=alex | allowed
acme2 | grace | mailbox_delegation grant mailbox=john trustee=alex | approval: ken
# whom the access is for never approves it: the only other admin is the trustee, so nobody may
acme2 | grace | mailbox_delegation grant mailbox=john trustee=ken | denied
acme2 | grace | email_forwarding_internal set mailbox=john forward_to=ken | denied
acme2 | ken | mailbox_delegation grant mailbox=john trustee=ken | approval: grace
acme2 | ken | send_as grant mailbox=olivia trustee=maria | approval: grace
acme2 | grace | mailbox_delegation revoke mailbox=john trustee=alex | approval: ken
acme2 | grace | send_on_behalf grant mailbox=mike trustee=christine | approval: ken
acme | grace | send_as grant mailbox=support trustee=vera | denied
acme | grace | mailbox_delegation grant mailbox=support trustee=partner | denied
acme | grace | send_on_behalf grant mailbox=support trustee=pat | denied
acme | grace | send_as grant mailbox=support trustee=outsider | denied
acme2 | grace | mailbox_delegation grant mailbox=john trustee=vera | denied
acme | grace | mailbox_delegation revoke mailbox=support trustee=pat | allowed
# A mail-enabled security group as trustee: an admin may grant it (its members are checked live, by the
# action); an employee may not, not even the group's owner or a member of it.
acme | grace | mailbox_delegation grant mailbox=support trustee=finance-team | allowed
acme | grace | send_as grant mailbox=finance trustee=finance-team | allowed
acme | mike | mailbox_delegation grant mailbox=finance trustee=finance-team | denied
acme | christine | send_as grant mailbox=finance trustee=finance-team | denied
acme | grace | mailbox_delegation revoke mailbox=support trustee=vera | allowed
sensitive | grace | send_as grant mailbox=support trustee=john | allowed

# ---- delegation: employees, for themselves on a shared mailbox; its owners approve (else an admin) -------
acme | john | send_as grant mailbox=support trustee=john | approval: sarah
acme | john | mailbox_delegation grant mailbox=support trustee=john | approval: sarah
acme | john | send_on_behalf grant mailbox=support trustee=john | approval: sarah
acme | alex | mailbox_delegation grant mailbox=sales trustee=alex | approval: priya
acme | emma | mailbox_delegation grant mailbox=finance trustee=emma | approval: mike
acme | tom | send_as grant mailbox=support trustee=tom | approval: sarah
acme | john | mailbox_delegation grant mailbox=info trustee=john | approval: olivia
acme | sarah | mailbox_delegation grant mailbox=support trustee=sarah | approval: grace
acme | sam | mailbox_delegation grant mailbox=ukoffice trustee=sam | approval: grace
acme2 | sarah | mailbox_delegation grant mailbox=support trustee=sarah | approval: grace, ken
acme2 | john | send_as grant mailbox=support trustee=john | approval: sarah
# Giving up one's own access only takes away: no approval, on any mailbox, even a sensitive one.
acme | john | mailbox_delegation revoke mailbox=sales trustee=john | allowed
acme | john | mailbox_delegation revoke mailbox=sarah trustee=john | allowed
acme | john | send_on_behalf revoke mailbox=sarah trustee=alex | denied
acme | chris | send_as revoke mailbox=support trustee=chris | allowed
acme | john | send_as grant mailbox=support trustee=alex | denied
acme | sarah | mailbox_delegation grant mailbox=support trustee=chris | denied
# An owner takes a colleague's access away (an access review's removal): never an admin's or a co-owner's,
# never on a sensitive mailbox (an admin's), and owning never lets one give.
acme | priya | send_as revoke mailbox=sales trustee=john | allowed
acme | sarah | mailbox_delegation revoke mailbox=support trustee=tom | allowed
acme | sarah | mailbox_delegation revoke mailbox=support trustee=grace | denied
co-owned | sarah | mailbox_delegation revoke mailbox=support trustee=chris | denied
co-owned | sarah | send_as revoke mailbox=support trustee=tom | allowed
sensitive | sarah | mailbox_delegation revoke mailbox=support trustee=tom | denied
acme | john | mailbox_delegation revoke mailbox=support trustee=tom | denied
acme | john | mailbox_delegation grant mailbox=sarah trustee=john | denied
acme | john | send_as grant mailbox=john trustee=john | denied
acme | john | mailbox_delegation grant mailbox=boardroom trustee=john | denied
acme | john | send_as grant mailbox=support trustee=vera | denied
acme | pat | mailbox_delegation grant mailbox=support trustee=pat | denied
acme | vera | mailbox_delegation grant mailbox=support trustee=vera | denied
acme | partner | send_as grant mailbox=support trustee=partner | denied
sensitive | john | send_as grant mailbox=support trustee=john | denied
sensitive | chris | mailbox_delegation revoke mailbox=support trustee=chris | allowed
sensitive | chris | mailbox_delegation grant mailbox=support trustee=chris | denied
sensitive | john | mailbox_delegation grant mailbox=info trustee=john | approval: jane
sensitive | john | mailbox_delegation grant mailbox=careers trustee=john | approval: grace, ken
priya-off | alex | mailbox_delegation grant mailbox=sales trustee=alex | approval: grace, ken
priya-off | grace | mailbox_delegation grant mailbox=sales trustee=priya | denied

# ---- list membership ---------------------------------------------------------------------------------
acme | grace | distribution_list_membership add group=all-sales member=emma | allowed
acme | grace | distribution_list_membership add group=engineering member=john | allowed
acme | grace | distribution_list_membership remove group=contractors member=lucas | allowed
acme | grace | distribution_list_membership add group=finance-team member=rachel | allowed
acme | grace | distribution_list_membership add group=project-phoenix member=john | allowed
acme | grace | distribution_list_membership add group=marketing member=grace | allowed
acme | grace | distribution_list_membership add group=engineering member=all-hands | allowed
acme | grace | distribution_list_membership add group=marketing member=vera | denied
acme | grace | distribution_list_membership add group=all-hands member=pat | denied
acme | grace | distribution_list_membership add group=marketing member=partner | denied
acme | grace | distribution_list_membership add group=external-contractors member=vera | denied
acme | grace | distribution_list_membership add group=marketing member=outsider | denied
acme | grace | distribution_list_membership remove group=all-sales member=pat | allowed
acme | grace | distribution_list_membership remove group=external-contractors member=vera | allowed
acme | john | distribution_list_membership add group=marketing member=john | allowed
acme | john | distribution_list_membership add group=all-hands member=john | allowed
acme | john | distribution_list_membership add group=project-phoenix member=john | allowed
acme | john | distribution_list_membership add group=engineering member=john | approval: david
acme | john | distribution_list_membership add group=contractors member=john | approval: david
acme | john | distribution_list_membership add group=finance-team member=john | approval: mike
acme | sam | distribution_list_membership add group=all-sales member=sam | approval: priya
acme | alexuk | distribution_list_membership add group=engineering member=alexuk | approval: david
acme | emma | distribution_list_membership remove group=all-sales member=emma | allowed
acme | john | distribution_list_membership remove group=marketing member=john | allowed
acme | lucas | distribution_list_membership remove group=contractors member=lucas | allowed
acme | christine | distribution_list_membership remove group=finance-team member=christine | allowed
acme | john | distribution_list_membership add group=marketing member=alex | denied
acme | jane | distribution_list_membership add group=marketing member=john | denied
acme | priya | distribution_list_membership remove group=all-sales member=john | allowed
acme | priya | distribution_list_membership add group=all-sales member=grace | denied
acme | david | distribution_list_membership add group=contractors member=david | approval: grace
acme2 | david | distribution_list_membership add group=contractors member=david | approval: grace, ken
acme2 | john | distribution_list_membership add group=engineering member=john | approval: david
acme | pat | distribution_list_membership remove group=all-sales member=pat | denied
acme | vera | distribution_list_membership remove group=external-contractors member=vera | denied
sensitive | john | distribution_list_membership add group=marketing member=john | denied
sensitive | jane | distribution_list_membership remove group=marketing member=jane | allowed
sensitive | grace | distribution_list_membership add group=marketing member=john | allowed
sensitive | john | distribution_list_membership add group=engineering member=john | approval: grace, ken
priya-off | john | distribution_list_membership add group=contractors member=john | approval: david
priya-off | sam | distribution_list_membership add group=all-sales member=sam | approval: grace, ken
# joining a list inside others joins them too: the strictest rule around it, its list's owners approve
nested | john | distribution_list_membership add group=marketing member=john | approval: mike
nested | john | distribution_list_membership add group=finance-team member=john | approval: mike
nested | john | distribution_list_membership add group=all-hands member=john | approval: david
nested | john | distribution_list_membership add group=project-phoenix member=john | approval: priya
nested | john | distribution_list_membership add group=engineering member=john | approval: david
nested | mike | distribution_list_membership add group=marketing member=mike | approval: grace, ken
nested | david | distribution_list_membership add group=all-hands member=david | approval: grace, ken
nested | john | distribution_list_membership remove group=marketing member=john | allowed
nested | grace | distribution_list_membership add group=marketing member=john | allowed
nested | vera | distribution_list_membership add group=marketing member=vera | denied

# ---- a role-assignable group: its members hold directory roles (security 70) ------------------------------
# no employee changes who is in it, not even its owner; leaving it oneself gives up only one's own roles
acme | john | distribution_list_membership add group=user-admins member=john | denied
ra-owned | david | distribution_list_membership add group=user-admins member=john | denied
ra-owned | david | distribution_list_membership remove group=user-admins member=david | allowed
ra-owned | david | distribution_list_membership remove group=user-admins member=john | denied
# an admin's change is four eyes; the only admin runs it with a justification
acme2 | grace | distribution_list_membership add group=user-admins member=john | approval: ken
acme2 | ken | distribution_list_membership add group=user-admins member=ken | approval: grace
ra-owned | grace | distribution_list_membership remove group=user-admins member=david | approval: ken
acme | grace | distribution_list_membership add group=user-admins member=john | allowed
# a Microsoft 365 group whose flag could not be read counts as one; a read one that is not stays ordinary
unread | john | distribution_list_membership add group=project-phoenix member=john | denied
unread | grace | distribution_list_membership add group=project-phoenix member=john | approval: ken
acme2 | john | distribution_list_membership add group=project-phoenix member=john | allowed
acme2 | grace | distribution_list_membership add group=project-phoenix member=john | allowed

# ---- list lifecycle: admins create; deleting needs a second admin; employees neither ----------------------
acme | grace | distribution_list_lifecycle create group=newlist@acme.com | allowed
acme2 | ken | distribution_list_lifecycle create group=newlist@acme.com | allowed
acme | grace | distribution_list_lifecycle delete group=marketing | allowed
acme2 | grace | distribution_list_lifecycle delete group=marketing | approval: ken
acme2 | ken | distribution_list_lifecycle delete group=all-sales | approval: grace
acme | jane | distribution_list_lifecycle delete group=marketing | denied
acme | john | distribution_list_lifecycle create group=newlist@acme.com | denied
acme | pat | distribution_list_lifecycle create group=newlist@acme.com | denied
acme | vera | distribution_list_lifecycle create group=newlist@acme.com | denied

# ---- primary address: an admin approves one's own; a second admin an admin's ----------------------------
acme | john | change_primary_alias set recipient=john new_address=john.m@acme.com | approval: grace
acme | john | change_primary_alias set recipient=john new_address=jm@acme.co.uk | approval: grace
acme | john | change_primary_alias set recipient=john new_address=john.miller@acme.com | approval: grace
acme | john | change_primary_alias set recipient=john new_address=j@acmecorp.onmicrosoft.com | approval: grace
acme2 | john | change_primary_alias set recipient=john new_address=john.m@acme.com | approval: grace, ken
acme | john | change_primary_alias set recipient=john new_address=jm@newacme.com | denied
acme | john | change_primary_alias set recipient=john new_address=jm@unknown.example | denied
acme | john | change_primary_alias set recipient=john new_address=sarah.connor@acme.com | denied
acme | john | change_primary_alias set recipient=john new_address=support@acme.com | denied
acme | john | change_primary_alias set recipient=john new_address=all-sales@acme.com | denied
acme | john | change_primary_alias set recipient=john new_address=helpdesk@acme.com | denied
acme | john | change_primary_alias set recipient=john new_address=pat.gone@acme.com | denied
acme | john | change_primary_alias set recipient=sarah new_address=s@acme.com | denied
acme | sarah | change_primary_alias set recipient=support new_address=sup@acme.com | denied
acme | grace | change_primary_alias set recipient=john new_address=jm2@acme.com | allowed
acme2 | grace | change_primary_alias set recipient=john new_address=jm2@acme.com | approval: ken
acme2 | ken | change_primary_alias set recipient=ken new_address=kadams@acme.com | approval: grace
acme | grace | change_primary_alias set recipient=grace new_address=grace@acme.com | allowed
acme | grace | change_primary_alias set recipient=john new_address=x@newacme.com | denied
acme2 | grace | change_primary_alias set recipient=support new_address=helpdesk@acme.com | approval: ken
acme2 | grace | change_primary_alias set recipient=all-sales new_address=sales-team@acme.com | approval: ken
acme2 | grace | change_primary_alias set recipient=john new_address=x@newacme.com | denied
acme2 | grace | change_primary_alias set recipient=john new_address=jane.doe@acme.com | denied
acme | pat | change_primary_alias set recipient=pat new_address=pat@acme.com | denied
sensitive | john | change_primary_alias set recipient=john new_address=john.m@acme.com | denied
sensitive | grace | change_primary_alias set recipient=john new_address=john.m@acme.com | approval: ken

# ---- calendar sharing: one's own, with an active colleague; admins any ----------------------------------
acme | john | calendar_share grant owner=john grantee=alex access=reviewer | allowed
acme | john | calendar_share grant owner=john grantee=sarah access=editor | allowed
acme | john | calendar_share grant owner=john grantee=alexuk access=availability_only | allowed
acme | john | calendar_share grant owner=john grantee=all-sales access=limited_details | allowed
acme | john | calendar_share revoke owner=john grantee=alex | allowed
acme | john | calendar_share grant owner=john grantee=vera access=reviewer | denied
acme | john | calendar_share grant owner=john grantee=partner access=reviewer | denied
acme | john | calendar_share grant owner=john grantee=pat access=reviewer | denied
acme | john | calendar_share grant owner=john grantee=outsider access=availability_only | denied
acme | john | calendar_share revoke owner=john grantee=vera | allowed
acme | john | calendar_share grant owner=sarah grantee=john access=reviewer | denied
acme | maria | calendar_share revoke owner=olivia grantee=maria | denied
acme | sarah | calendar_share grant owner=support grantee=tom access=reviewer | denied
acme | grace | calendar_share grant owner=olivia grantee=jane access=reviewer | allowed
acme | grace | calendar_share revoke owner=priya grantee=ava | allowed
acme | grace | calendar_share grant owner=support grantee=john access=editor | allowed
acme | grace | calendar_share grant owner=grace grantee=ken access=editor | allowed
acme | grace | calendar_share grant owner=olivia grantee=vera access=reviewer | denied
acme | grace | calendar_share grant owner=olivia grantee=pat access=reviewer | denied
acme | pat | calendar_share grant owner=pat grantee=john access=reviewer | denied
sensitive | john | calendar_share grant owner=john grantee=alex access=reviewer | denied
sensitive | grace | calendar_share grant owner=john grantee=alex access=reviewer | allowed

# ---- forwarding: one's own, inside the organisation; the manager approves (else an admin) ---------------
acme | john | email_forwarding_internal set mailbox=john forward_to=alex | approval: priya
acme | john | email_forwarding_internal set mailbox=john forward_to=sales | approval: priya
acme | john | email_forwarding_internal set mailbox=john forward_to=all-sales | approval: priya
acme | john | email_forwarding_internal set mailbox=john forward_to=pat | approval: priya
acme | chris | email_forwarding_internal set mailbox=chris forward_to=tom | approval: sarah
acme | alexuk | email_forwarding_internal set mailbox=alexuk forward_to=david | approval: david
acme | olivia | email_forwarding_internal set mailbox=olivia forward_to=maria | approval: grace
acme | ken | email_forwarding_internal set mailbox=ken forward_to=grace | approval: grace
acme2 | ken | email_forwarding_internal set mailbox=ken forward_to=tom | approval: grace
acme | grace | email_forwarding_internal set mailbox=grace forward_to=ken | approval: olivia
acme2 | grace | email_forwarding_internal set mailbox=grace forward_to=ken | approval: olivia, ken
acme | john | email_forwarding_internal set mailbox=john forward_to=vera | denied
acme | john | email_forwarding_internal set mailbox=john forward_to=partner | denied
acme | john | email_forwarding_internal set mailbox=john forward_to=outsider | denied
acme | john | email_forwarding_internal clear mailbox=john | allowed
acme | grace | email_forwarding_internal clear mailbox=grace | allowed
acme | john | email_forwarding_internal set mailbox=sarah forward_to=john | denied
acme | john | email_forwarding_internal clear mailbox=sarah | denied
acme | maria | email_forwarding_internal set mailbox=careers forward_to=maria | denied
acme | maria | email_forwarding_internal clear mailbox=careers | denied
acme | grace | email_forwarding_internal set mailbox=careers forward_to=maria | allowed
acme2 | grace | email_forwarding_internal set mailbox=careers forward_to=maria | approval: ken
acme2 | grace | email_forwarding_internal clear mailbox=careers | approval: ken
acme2 | grace | email_forwarding_internal set mailbox=john forward_to=vera | denied
acme | pat | email_forwarding_internal set mailbox=pat forward_to=john | denied
acme | vera | email_forwarding_internal clear mailbox=vera | denied
sensitive | john | email_forwarding_internal set mailbox=john forward_to=alex | denied
sensitive | john | email_forwarding_internal clear mailbox=john | allowed
priya-off | john | email_forwarding_internal set mailbox=john forward_to=alex | approval: grace, ken
priya-off | priya | email_forwarding_internal clear mailbox=priya | denied
# ---- joining a group that holds mailbox rights is the grant (red team 21) ------------------------------
fin-tom | grace | distribution_list_membership add group=finance-team member=grace | approval: ken
fin-tom | grace | distribution_list_membership add group=finance-team member=john | approval: ken
fin-tom | grace | distribution_list_membership add group=finance-team member=ken | denied
fin-tom | grace | distribution_list_membership add group=finance-team member=tom | allowed
fin-tom | grace | distribution_list_membership remove group=finance-team member=rachel | allowed
fin-tom | john | distribution_list_membership add group=finance-team member=john | denied
fin-tom-sole | grace | distribution_list_membership add group=finance-team member=grace | allowed
open-fin-tom | john | distribution_list_membership add group=finance-team member=john | denied
fin-sup | grace | distribution_list_membership add group=finance-team member=grace | allowed
fin-sup | john | distribution_list_membership add group=finance-team member=john | approval: grace, ken
open-fin-sup | john | distribution_list_membership add group=finance-team member=john | approval: ken, grace
fin-unread | grace | distribution_list_membership add group=finance-team member=john | approval: ken
fin-unread | john | distribution_list_membership add group=finance-team member=john | denied
fin-unread | grace | distribution_list_membership add group=engineering member=john | allowed
# ---- giving an address someone's forwarding or Inbox rule names hands over their mail (security 26) ----
desk-none | john | change_primary_alias set recipient=john new_address=ea-desk@acme.com | approval: grace, ken
desk-tom | john | change_primary_alias set recipient=john new_address=ea-desk@acme.com | denied
desk-unread | john | change_primary_alias set recipient=john new_address=ea-desk@acme.com | denied
desk-sup | john | change_primary_alias set recipient=john new_address=ea-desk@acme.com | approval: grace, ken
desk-tom | grace | change_primary_alias set recipient=john new_address=ea-desk@acme.com | approval: ken
desk-tom | john | change_primary_alias set recipient=tom new_address=ea-desk@acme.com | denied
desk-none | grace | distribution_list_lifecycle create group=ea-desk@acme.com | allowed
desk-tom | grace | distribution_list_lifecycle create group=ea-desk@acme.com | approval: ken
desk-unread | grace | distribution_list_lifecycle create group=ea-desk@acme.com | approval: ken
desk-sup | grace | distribution_list_lifecycle create group=ea-desk@acme.com | allowed
desk-tom-sole | grace | distribution_list_lifecycle create group=ea-desk@acme.com | allowed
desk-tom | grace | distribution_list_lifecycle create group=ea-desk@acme.com members=john | approval: ken
desk-tom | grace | distribution_list_lifecycle create group=ea-desk@acme.com members=john,ken | denied
"""

CASES: tuple[Case, ...] = tuple(
    _case(line) for line in _TABLE.splitlines() if line.strip() and not line.lstrip().startswith("#")
)


@dataclass(frozen=True)
class ApprovalCase:
    line: str
    org: str
    approver: str
    requester: str
    step: Step
    may: bool

    def __str__(self) -> str:
        return self.line


def _approval(line: str) -> ApprovalCase:
    org, approver, rest = (part.strip() for part in line.split("|", 2))
    head, expected = rest.rsplit("|", 1)
    case = _case(f"{org} | {head} | denied")
    assert expected.strip() in ("yes", "no"), line
    return ApprovalCase(line, org, address(approver), case.requester, case.step, expected.strip() == "yes")


# `org | approver | requester | step | yes/no`: may this person approve this step at the moment they try?
_APPROVALS = """
acme | sarah | john | send_as grant mailbox=support trustee=john | yes
acme | grace | john | send_as grant mailbox=support trustee=john | no
acme | sarah | sarah | mailbox_delegation grant mailbox=support trustee=sarah | no
acme | grace | sarah | mailbox_delegation grant mailbox=support trustee=sarah | yes
acme | grace | grace | mailbox_delegation grant mailbox=john trustee=alex | no
acme2 | ken | grace | mailbox_delegation grant mailbox=john trustee=alex | yes
acme2 | ken | ken | mailbox_delegation grant mailbox=john trustee=alex | no
acme2 | ken | grace | mailbox_delegation grant mailbox=john trustee=ken | no
acme2 | ken | grace | send_as grant mailbox=olivia trustee=ken | no
acme | priya | john | email_forwarding_internal set mailbox=john forward_to=alex | yes
acme | grace | john | email_forwarding_internal set mailbox=john forward_to=alex | no
acme | david | john | email_forwarding_internal set mailbox=john forward_to=alex | no
acme | grace | olivia | email_forwarding_internal set mailbox=olivia forward_to=maria | yes
acme | priya | john | email_forwarding_internal set mailbox=john forward_to=vera | no
acme | david | john | distribution_list_membership add group=engineering member=john | yes
acme | jane | john | distribution_list_membership add group=engineering member=john | no
acme | david | david | distribution_list_membership add group=contractors member=david | no
acme | grace | john | change_primary_alias set recipient=john new_address=john.m@acme.com | yes
acme | grace | grace | change_primary_alias set recipient=grace new_address=gh@acme.com | no
acme | grace | john | change_primary_alias set recipient=john new_address=sarah.connor@acme.com | no
acme | pat | john | send_as grant mailbox=support trustee=john | no
acme2 | grace | ken | distribution_list_lifecycle delete group=all-sales | yes
acme2 | priya | ken | distribution_list_lifecycle delete group=all-sales | no
sensitive | pat | john | mailbox_delegation grant mailbox=careers trustee=john | no
fin-sup | mike | john | distribution_list_membership add group=finance-team member=john | no
fin-sup | grace | john | distribution_list_membership add group=finance-team member=john | yes
fin-tom | ken | grace | distribution_list_membership add group=finance-team member=ken | no
fin-tom | ken | grace | distribution_list_membership add group=finance-team member=john | yes
desk-tom | ken | grace | change_primary_alias set recipient=john new_address=ea-desk@acme.com | yes
desk-tom | ken | grace | change_primary_alias set recipient=ken new_address=ea-desk@acme.com | no
desk-none | ken | grace | change_primary_alias set recipient=ken new_address=ea-desk@acme.com | yes
desk-tom | ken | grace | distribution_list_lifecycle create group=ea-desk@acme.com members=john | yes
desk-tom | ken | grace | distribution_list_lifecycle create group=ea-desk@acme.com members=ken | no
desk-none | ken | grace | distribution_list_lifecycle create group=ea-desk@acme.com members=ken | yes
ra-owned | david | grace | distribution_list_membership add group=user-admins member=john | no
ra-owned | ken | grace | distribution_list_membership add group=user-admins member=john | yes
acme2 | ken | grace | distribution_list_membership add group=user-admins member=ken | no
"""

APPROVALS: tuple[ApprovalCase, ...] = tuple(
    _approval(line) for line in _APPROVALS.splitlines() if line.strip() and not line.lstrip().startswith("#")
)
