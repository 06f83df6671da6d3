"""The tenant's slots: a listing's next page goes before reads queued earlier (connectors/slots.py)."""

from __future__ import annotations

import asyncio

import pytest

from mailwarden.connectors.slots import TenantSlots, continuing_listing

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _take(slots: TenantSlots, name: str, order: list[str], hold: asyncio.Event, page: bool) -> None:
    async def take() -> None:
        async with slots:
            order.append(name)
            await hold.wait()

    if page:
        with continuing_listing():
            await take()
    else:
        await take()


async def test_a_listings_next_page_takes_the_next_free_slot_before_reads_queued_earlier() -> None:
    slots = TenantSlots(2)
    order: list[str] = []
    release = asyncio.Event()
    holders = [asyncio.create_task(_take(slots, f"first{i}", order, release, False)) for i in range(2)]
    await asyncio.sleep(0)
    # Queued while both slots are taken: five reads, then a listing's next page.
    later = asyncio.Event()
    reads = [asyncio.create_task(_take(slots, f"read{i}", order, later, False)) for i in range(5)]
    await asyncio.sleep(0)
    page = asyncio.create_task(_take(slots, "page", order, later, True))
    await asyncio.sleep(0)
    assert order == ["first0", "first1"]
    release.set()
    await asyncio.gather(*holders)
    await asyncio.sleep(0)
    # Two slots freed: the page first, then the earliest read; never more than two in flight.
    assert order == ["first0", "first1", "page", "read0"]
    later.set()
    await asyncio.gather(page, *reads)
    assert order[4:] == ["read1", "read2", "read3", "read4"]
    assert not slots.locked()


async def test_never_more_in_flight_than_its_slots_and_every_waiter_served() -> None:
    slots = TenantSlots(3)
    inside = peak = 0

    async def request(i: int) -> int:
        nonlocal inside, peak

        async def go() -> int:
            nonlocal inside, peak
            async with slots:
                inside += 1
                peak = max(peak, inside)
                await asyncio.sleep(0.001 * (i % 4))
                inside -= 1
                return i

        if i % 3 == 0:
            with continuing_listing():
                return await go()
        return await go()

    assert await asyncio.gather(*(request(i) for i in range(60))) == list(range(60))
    assert peak == 3
    assert inside == 0
    assert not slots.locked()


async def test_a_waiter_cancelled_after_it_was_given_a_slot_passes_the_slot_on() -> None:
    slots = TenantSlots(1)
    await slots.acquire()
    waiting = asyncio.create_task(slots.acquire())
    after = asyncio.create_task(slots.acquire())
    await asyncio.sleep(0)
    slots.release()  # handed to `waiting`, which is cancelled before it runs
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert await asyncio.wait_for(after, 1) is True
    slots.release()
    assert not slots.locked()


async def test_a_cancelled_waiter_leaves_the_queue() -> None:
    slots = TenantSlots(1)
    await slots.acquire()
    waiting = asyncio.create_task(slots.acquire())
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    slots.release()
    assert not slots.locked()
    assert await asyncio.wait_for(slots.acquire(), 1) is True


def test_no_slots_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at least one slot"):
        TenantSlots(0)
