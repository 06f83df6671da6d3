"""Hostile uploads (issue 10, hole 6): every file is built here in code, and each is refused with a sentence
that says what was wrong, quickly, and before anything is asked of the tenant."""

from __future__ import annotations

import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from mailwarden.cli import plan_cmd
from mailwarden.emulator.state import TenantState
from mailwarden.errors import ConfigError
from mailwarden.planner.attachments import read_attachment
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app
from tests.security.hostile_files import (
    declared_huge_xlsx,
    empty_cells_xlsx,
    not_a_zip_xlsx,
    people_xlsx,
    styles_bomb_xlsx,
    wide_rows_xlsx,
    zip_bomb_xlsx,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
LONG_TEXT = ("Add Tom to all-hands. " * 200).strip() + "."  # 4,400 characters


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(path: Path, match: str, within_s: float = 5.0) -> None:
    # The reader's own CPU time, not the wall clock: on a loaded machine (parallel workers, other jobs) a
    # wall-clock budget measures the neighbours and fails now and then; the work the file costs is the point.
    start = time.thread_time()
    with pytest.raises(ConfigError, match=match):
        read_attachment(path)
    assert time.thread_time() - start < within_s


# ---- reading: ring 0 ---------------------------------------------------------------------------------------


def test_a_sheet_declaring_16384_by_10000_cells_costs_little_time_and_memory(tmp_path: Path) -> None:
    """The issue's 50 KB workbook that declares A1:XFD10000 is read in streaming mode in a second or two
    with a few MB of memory (before: about 25 s and 1-3 GB)."""
    path = _file(tmp_path, "people.xlsx", declared_huge_xlsx())
    assert path.stat().st_size < 80_000
    tracemalloc.start()
    start = time.thread_time()  # CPU time of this thread: load from elsewhere does not count (see _refused)
    try:
        found = read_attachment(path)
        elapsed = time.thread_time() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found.references == []
    assert elapsed < 8.0, elapsed  # tracemalloc slows openpyxl about threefold
    assert peak < 64 * 1024 * 1024, peak


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    """A 200 KB workbook whose sheet inflates to 200 MB is refused on the archive's declared sizes."""
    _refused(_file(tmp_path, "bomb.xlsx", zip_bomb_xlsx(200)), "would unpack to 200 MB", within_s=1.0)


def test_a_sheet_of_millions_of_empty_cells_is_refused(tmp_path: Path) -> None:
    """Some 30 KB of compressed '<c/>' (4.9 million declared empty cells) is counted and refused, not
    parsed cell by cell for a minute."""
    data = empty_cells_xlsx(300)
    assert len(data) < 100_000
    _refused(_file(tmp_path, "cells.xlsx", data), "4,915,200 cells")


def test_a_workbook_of_a_million_styles_is_refused(tmp_path: Path) -> None:
    """Styles are parsed eagerly, at over 100 µs each: a styles part with 700,000 of them is refused."""
    _refused(_file(tmp_path, "styles.xlsx", styles_bomb_xlsx(700_000)), "other XML elements")


def test_a_value_past_the_columns_read_is_refused(tmp_path: Path) -> None:
    """Only the first 50 columns are read; a value in column 60 is named rather than silently skipped."""
    _refused(_file(tmp_path, "wide.xlsx", wide_rows_xlsx(60)), "after column 50")


def test_more_than_ten_thousand_rows_are_refused(tmp_path: Path) -> None:
    """A list of 10,001 people is refused with the limit and what to do, not cut at 10,000 in silence."""
    body = "".join(f"user{i}@acme.com\n" for i in range(10_001))
    _refused(_file(tmp_path, "many.csv", ("email\n" + body).encode()), "more than 10,000 rows.*Split")


def test_a_file_over_five_mb_is_refused_unread(tmp_path: Path) -> None:
    """The size is checked before the file is read."""
    _refused(_file(tmp_path, "big.csv", b"email\n" + b"a" * (5 * 1024 * 1024)), "larger than 5 MB")


def test_an_xlsx_that_is_not_a_zip_is_a_clear_error(tmp_path: Path) -> None:
    """A CSV renamed .xlsx is named as not a workbook, with what to do."""
    _refused(_file(tmp_path, "renamed.xlsx", not_a_zip_xlsx()), "not an XLSX workbook.*Save it")


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (PNG, "not a text file"),
        (b"", "is empty"),
        (b"  \r\n\r\n", "is empty"),
        (people_xlsx([["email"], ["jane.doe@acme.com"]]), "ZIP archive.*\\.xlsx"),
        (b"email\njane.doe@acme.com\x01\x02\x03\n", "not a text file"),
        (b'email\n"' + b"x" * 200_000 + b'"\n', "not a readable CSV file"),
    ],
    ids=["png", "empty", "blank", "xlsx-named-csv", "control-bytes", "huge-field"],
)
def test_a_binary_or_empty_csv_is_a_clear_error(tmp_path: Path, data: bytes, match: str) -> None:
    """What is not a CSV of people is refused with a sentence (before: a traceback and a 500 page)."""
    _refused(_file(tmp_path, "people.csv", data), match)


@pytest.mark.parametrize(
    "encoded",
    [
        "email;name\njürgen.müller@acme.com;Jürgen Müller\n".encode("cp1252"),
        "email;name\njürgen.müller@acme.com;Jürgen Müller\n".encode("utf-16"),
        "\ufeffemail;name\njürgen.müller@acme.com;Jürgen Müller\n".encode(),
    ],
    ids=["windows-1252", "utf-16-bom", "utf-8-bom"],
)
def test_text_in_excels_encodings_is_read(tmp_path: Path, encoded: bytes) -> None:
    """Excel's CSV (Windows-1252), Unicode text (UTF-16) and CSV UTF-8 (with BOM) give the same people."""
    assert read_attachment(_file(tmp_path, "people.csv", encoded)).references == ["jürgen.müller@acme.com"]


def test_the_cli_refuses_an_overlong_request_in_a_sentence(tmp_path: Path) -> None:
    """`mailwarden plan` with 4,400 characters says how long it was and what to do, before connecting."""
    app = typer.Typer(pretty_exceptions_enable=False)
    app.callback()(lambda: None)
    app.command("plan")(plan_cmd.plan)
    result = CliRunner().invoke(app, ["plan", "--", LONG_TEXT], env={"MAILWARDEN_HOME": str(tmp_path)})
    assert result.exit_code != 0
    assert "4,400 characters long; at most 4,000" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "emulator").exists()


# ---- the API and the pages: ring 2 -------------------------------------------------------------------------


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    """The web app served over HTTP on a fresh data folder, against the session's emulator."""
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def _upload(
    web: ServedApp, name: str, data: bytes, text: str = "Add the users in this file to all-hands"
) -> httpx.Response:
    person = web.sign_in("tom.becker@acme.com")
    return person.http.post(
        "/api/v1/plans/upload",
        headers={"X-CSRF-Token": person.csrf},
        data={"text": text},
        files={"files": (name, data, "application/octet-stream")},
    )


def test_api_upload_of_the_hostile_sheet_answers_quickly(web: ServedApp) -> None:
    """/plans/upload with the 16,384 x 10,000 workbook plans in seconds (before: 25 s inside the loop)."""
    start = time.process_time()  # the app serves in threads of this process; others' load does not count
    answer = _upload(web, "people.xlsx", declared_huge_xlsx())
    assert answer.status_code == 200, answer.text[:300]
    assert time.process_time() - start < 10


def test_reading_an_upload_does_not_stall_other_requests(web: ServedApp) -> None:
    """While a large (legitimate) workbook is read for one person, the app answers another at once: the
    parsing runs in a worker thread, not in the event loop (before: everyone waited for the file)."""
    rows = [["email", *(f"note {c}" for c in range(9))]]
    rows += [[f"p{r}@acme.com" if r < 3 else "", *(f"n{r}-{c}" for c in range(9))] for r in range(9_999)]
    data = people_xlsx(rows)  # 100,000 cells: seconds of openpyxl, three references
    person = web.sign_in("tom.becker@acme.com")
    finished: dict[str, float] = {}
    started = threading.Event()

    def upload() -> None:
        started.set()
        answer = person.http.post(
            "/api/v1/plans/upload",
            headers={"X-CSRF-Token": person.csrf},
            data={"text": "Add the users in this file to all-hands"},
            files={"files": ("people.xlsx", data, "application/octet-stream")},
        )
        finished["upload"] = time.monotonic()
        assert answer.status_code == 200, answer.text[:300]

    worker = threading.Thread(target=upload)
    worker.start()
    started.wait()
    time.sleep(0.5)  # the 400 KB body is sent and parsing has begun
    with web.client() as other:
        assert other.get("/signin").status_code == 200
        finished["page"] = time.monotonic()
    worker.join(120)
    assert finished["page"] < finished["upload"]


def test_api_upload_of_a_binary_csv_is_a_422_problem(web: ServedApp) -> None:
    """A PNG named .csv gets a problem+json that says the file is not text (before: 500)."""
    answer = _upload(web, "people.csv", PNG)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "'people.csv' is not a text file" in answer.json()["detail"]


def test_api_upload_of_a_zip_bomb_is_a_422_problem(web: ServedApp) -> None:
    """The zip bomb is refused with its unpacked size."""
    answer = _upload(web, "people.xlsx", zip_bomb_xlsx(100))
    assert answer.status_code == 422
    assert "would unpack to 100 MB" in answer.json()["detail"]


def test_api_overlong_text_is_a_plain_422_problem(web: ServedApp) -> None:
    """Too long a request, as JSON or as a form field, is refused with the length and what to do."""
    person = web.sign_in("tom.becker@acme.com")
    as_json = person.post("/api/v1/plans", json={"text": LONG_TEXT})
    assert as_json.status_code == 422
    assert "4,400 characters long; at most 4,000" in as_json.json()["detail"]
    as_form = _upload(web, "people.csv", b"email\njane.doe@acme.com\n", text=LONG_TEXT)
    assert as_form.status_code == 422
    assert "4,400 characters long; at most 4,000" in as_form.json()["detail"]


def test_a_body_over_the_cap_is_refused_before_sign_in_is_checked(web: ServedApp) -> None:
    """An anonymous 13 MB POST with Content-Length gets 413 (problem+json on /api, a page elsewhere),
    not 401: the body is refused before anything asks who is sending it, and it is never read."""
    body = b"x" * (13 * 1024 * 1024)
    with web.client() as http:
        api = http.post("/api/v1/plans/upload", content=body, headers={"content-type": "text/plain"})
        page = http.post("/ask", content=body, headers={"content-type": "text/plain"})
    assert api.status_code == 413
    assert api.headers["content-type"].startswith("application/problem+json")
    assert "larger than 12 MB" in api.json()["detail"]
    assert page.status_code == 413
    assert page.headers["content-type"].startswith("text/html")
    assert "Request too large" in page.text


def test_a_streamed_body_without_content_length_is_counted(web: ServedApp) -> None:
    """A chunked upload (no Content-Length) is cut off at the cap with a 413 problem, not read to its end."""
    person = web.sign_in("tom.becker@acme.com")
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\n'
        for _ in range(64):  # 64 MB offered
            sent += 1
            yield b"a" * (1024 * 1024)

    answer = person.http.post(
        "/api/v1/plans/upload",
        headers={"X-CSRF-Token": person.csrf, "content-type": "multipart/form-data; boundary=b"},
        content=chunks(),
    )
    assert answer.status_code == 413, answer.text[:300]
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "larger than 12 MB" in answer.json()["detail"]


def test_ask_page_shows_upload_and_length_errors_as_sentences(web: ServedApp) -> None:
    """On the Ask page a binary .csv and an overlong request come back as messages on the form (before: a
    500 page, and pydantic's raw validation error)."""
    person = web.sign_in("tom.becker@acme.com")
    binary = person.http.post(
        "/ask",
        data={"csrf_token": person.csrf, "text": "Add the users in this file to all-hands"},
        files={"attachments": ("people.csv", PNG, "text/csv")},
    )
    assert binary.status_code == 422
    assert "is not a text file" in binary.text
    overlong = person.http.post("/ask", data={"csrf_token": person.csrf, "text": LONG_TEXT})
    assert overlong.status_code == 422
    assert "4,400 characters long; at most 4,000" in overlong.text
    assert "validation error" not in overlong.text
    assert "string_too_long" not in overlong.text
