"""Red team 14: damaged workbooks. The XLSX reader counted every part's XML before opening the workbook,
outside the error handling around openpyxl, so a part that fails its CRC, one packed with a compression
method Python cannot inflate, or one flagged as encrypted escaped as BadZipFile, NotImplementedError or
RuntimeError: a traceback in the CLI and a 500 from /api/v1/plans/upload. Each is a clear 422 now."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import ConfigError
from mailwarden.planner.attachments import attachment_from_bytes
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app
from tests.security.hostile_files import people_xlsx

_SHEET = "xl/worksheets/sheet1.xml"


def _stored() -> bytearray:
    """A real workbook re-packed without compression, so its bytes can be edited in place."""
    source = zipfile.ZipFile(io.BytesIO(people_xlsx([["email"], ["tom.becker@acme.com"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
        for item in source.infolist():
            book.writestr(item.filename, source.read(item))
    return bytearray(out.getvalue())


def _headers(data: bytearray) -> tuple[int, int]:
    """Offsets of the sheet's local and central directory headers."""
    local = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(_SHEET).header_offset
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(_SHEET)] != _SHEET.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    return local, central


def bad_crc() -> bytes:
    data = _stored()
    at = data.find(b"tom.becker@acme.com")
    data[at] = ord("T")  # the stored bytes no longer match the CRC the archive declares
    return bytes(data)


def unknown_method() -> bytes:
    data = _stored()
    local, central = _headers(data)
    data[local + 8 : local + 10] = (99).to_bytes(2, "little")  # AES (WinZip): zipfile cannot inflate it
    data[central + 10 : central + 12] = (99).to_bytes(2, "little")
    return bytes(data)


def encrypted() -> bytes:
    data = _stored()
    local, central = _headers(data)
    data[local + 6] |= 1  # the "encrypted" flag: zipfile asks for a password
    data[central + 8] |= 1
    return bytes(data)


DAMAGED: dict[str, Callable[[], bytes]] = {
    "bad-crc": bad_crc,
    "unknown-method": unknown_method,
    "encrypted": encrypted,
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_damaged_workbook_is_a_clear_error(kind: str) -> None:
    with pytest.raises(ConfigError, match=r"'people\.xlsx' is not a readable XLSX workbook"):
        attachment_from_bytes("people.xlsx", DAMAGED[kind]())


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def test_the_api_answers_a_damaged_workbook_with_a_422_problem(web: ServedApp) -> None:
    person = web.sign_in("tom.becker@acme.com")
    for kind, build in DAMAGED.items():
        answer = person.http.post(
            "/api/v1/plans/upload",
            headers={"X-CSRF-Token": person.csrf},
            data={"text": "Add the users in this file to all-hands"},
            files={"files": ("people.xlsx", build(), "application/octet-stream")},
        )
        assert answer.status_code == 422, (kind, answer.status_code, answer.text[:300])
        assert "not a readable XLSX workbook" in answer.json()["detail"]
