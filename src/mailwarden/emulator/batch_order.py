"""The order a `$batch` answers in: never the order of its requests.

Microsoft Graph runs the requests of a JSON batch in parallel (those without `dependsOn`) and says so:
"Responses to the batched requests might appear in a different order. The id property can be used to
correlate individual requests and responses." (learn.microsoft.com/graph/json-batching). The Exchange
admin API's `$batch` is the same OData JSON batch format, and CIPP's New-ExoBulkRequest pairs its answers
with its cmdlets by `id`, not by position. An emulator answering in request order would let a client that
pairs by position pass here and fail in a tenant, so the emulator answers a batch of two or more in the
reverse of its request order. Reversed, not shuffled: a shuffle made request counts vary from run to run
(a client walk that follows its answers in the order they come read one more time now and then: five joins
cost 11 requests once in a test run, 10 otherwise), and a test that passes by chance proves nothing. The
reverse is never the request order, so pairing by position still fails here as it would in a tenant.
"""

from __future__ import annotations

from typing import TypeVar

__all__ = ["answer_order"]

T = TypeVar("T")


def answer_order(answers: list[T]) -> list[T]:
    """`answers` (in request order) in the order the batch answers them: the reverse, never unchanged."""
    return answers[::-1]
