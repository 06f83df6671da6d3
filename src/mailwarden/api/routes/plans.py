"""/api/v1/plans: what a request would do, changing nothing (the plan JSON of DESIGN §4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from starlette.concurrency import run_in_threadpool

from mailwarden.api import operations as ops
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep
from mailwarden.errors import ConfigError
from mailwarden.model.plans import Plan
from mailwarden.planner.attachments import MAX_FILE_BYTES, attachment_from_bytes, too_large
from mailwarden.planner.draft import Attachment
from mailwarden.planner.request_text import checked_request_text

router = APIRouter(prefix="/plans", tags=["plans"], responses=PROBLEMS)

MAX_ATTACHMENTS = 5


@router.post("")
async def make_plan(body: ops.AskInput, runtime: RuntimeDep, who: Reader) -> Plan:
    """Plan a request (text or structured steps): each step's preview and the policy's decision."""
    return await ops.plan(runtime, who, body)


@router.post("/upload")
async def make_plan_with_attachments(
    runtime: RuntimeDep,
    who: Reader,
    text: Annotated[str, Form(description="The request in plain language (at most 4,000 characters).")],
    files: Annotated[list[UploadFile] | None, File(description="CSV or XLSX files listing people.")] = None,
    answers: Annotated[
        str | None, Form(max_length=20_000, description='Answers as JSON: {"<question id>": "<address>"}.')
    ] = None,
) -> Plan:
    """Plan a plain-language request with attached spreadsheets ("add the users in this file ...")."""
    checked_request_text(text)
    attachments = await read_uploads(files or [])
    return await ops.plan(runtime, who, ops.AskInput(text=text, answers=parse_answers(answers)), attachments)


def parse_answers(raw: str | None) -> dict[str, str]:
    """A form's answers field (a JSON object of question id -> answer); a clear error when it is not one."""
    if not raw or not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ConfigError(
            'answers: give a JSON object of question id -> answer, e.g. {"q-1a2b3c4d5e": "x@y.com"}.'
        )
    return value


async def read_uploads(files: list[UploadFile]) -> list[Attachment]:
    """Each upload read as the planner reads an attached file (its column of people).

    Parsing a spreadsheet is CPU work of up to seconds, so it runs in a worker thread: the event loop
    keeps answering everyone else while one person's file is read."""
    named = [upload for upload in files if upload.filename]
    if len(named) > MAX_ATTACHMENTS:
        raise ConfigError(
            f"{len(named)} files were attached; at most {MAX_ATTACHMENTS} are read per request."
        )
    found = []
    for upload in named:
        name = Path(upload.filename or "").name
        data = await upload.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise too_large(name)
        found.append(await run_in_threadpool(attachment_from_bytes, name, data))
    return found
