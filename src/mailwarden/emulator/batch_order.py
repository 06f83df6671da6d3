"""The order a `$batch` answers in: never the order of its requests.

Microsoft Graph runs the requests of a JSON batch in parallel (those without `dependsOn`) and says so:
"Responses to the batched requests might appear in a different order. The id property can be used to
correlate individual requests and responses." (learn.microsoft.com/graph/json-batching). The Exchange
admin API's `$batch` is the same OData JSON batch format, and CIPP's New-ExoBulkRequest pairs its answers
with its cmdlets by `id`, not by position. An emulator answering in request order would let a client that
pairs by position pass here and fail in a tenant, so the emulator shuffles the answers, and an answer of
two or more is never left in request order.
"""

from __future__ import annotations

import random
from typing import TypeVar

__all__ = ["answer_order"]

T = TypeVar("T")

_random = random.SystemRandom()


def answer_order(answers: list[T]) -> list[T]:
    """`answers` (in request order) in the order the batch answers them: shuffled, never unchanged."""
    shuffled = list(answers)
    _random.shuffle(shuffled)
    if len(shuffled) > 1 and all(a is b for a, b in zip(shuffled, answers, strict=True)):
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled
