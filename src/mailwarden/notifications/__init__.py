"""Telling people what the workflow decided, where they already are: e-mail and Microsoft Teams.

events.py     what is told to whom (an approver that a request waits on them, a requester of each verdict)
config.py     each tenant's settings: the sender mailbox, the Teams webhook (sealed), the deadline rule
outbox.py     queue(): the workflow's one call per transition; a delivery record per message, idempotent
templates.py  subject, plain-text and HTML bodies from template files an admin may override
channels.py   Graph sendMail and the Teams workflow webhook (an Adaptive Card)
deliver.py    deliver_due(): send what is due, retry with backoff, record sent / failed and why
deadlines.py  reminders before an approval deadline, escalation at it, time-bound access about to end
records.py    the delivery records as admins read them

A failing channel never blocks a request: the workflow only queues (a row in the store); sending happens
after, in deliver_due, which a failure leaves queued for its next attempt.
"""
