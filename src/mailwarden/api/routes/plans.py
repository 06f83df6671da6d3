"""/api/v1/plans: what a request would do, changing nothing (the plan JSON of DESIGN §4)."""

from __future__ import annotations

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
) -> Plan:
    """Plan a plain-language request with attached spreadsheets ("add the users in this file ...")."""
    checked_request_text(text)
    attachments = await read_uploads(files or [])
    return await ops.plan(runtime, who, ops.AskInput(text=text), attachments)


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
