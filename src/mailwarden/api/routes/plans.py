"""/api/v1/plans: what a request would do, changing nothing (the plan JSON of DESIGN §4)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from mailwarden.api import operations as ops
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep
from mailwarden.model.plans import Plan
from mailwarden.planner.draft import Attachment

router = APIRouter(prefix="/plans", tags=["plans"], responses=PROBLEMS)

MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024


@router.post("")
async def make_plan(body: ops.AskInput, runtime: RuntimeDep, who: Reader) -> Plan:
    """Plan a request (text or structured steps): each step's preview and the policy's decision."""
    return await ops.plan(runtime, who, body)


@router.post("/upload")
async def make_plan_with_attachments(
    runtime: RuntimeDep,
    who: Reader,
    text: Annotated[str, Form(max_length=4000)],
    files: Annotated[list[UploadFile] | None, File(description="CSV or XLSX files listing people.")] = None,
) -> Plan:
    """Plan a plain-language request with attached spreadsheets ("add the users in this file ...")."""
    attachments = await read_uploads(files or [])
    return await ops.plan(runtime, who, ops.AskInput(text=text), attachments)


async def read_uploads(files: list[UploadFile]) -> list[Attachment]:
    """Each upload read as the planner reads an attached file (its column of people)."""
    from mailwarden.planner.attachments import read_attachment

    found = []
    with tempfile.TemporaryDirectory(prefix="mailwarden-upload-") as folder:
        for upload in files:
            if not upload.filename:
                continue
            data = await upload.read(MAX_ATTACHMENT_BYTES + 1)
            if len(data) > MAX_ATTACHMENT_BYTES:
                from mailwarden.errors import ConfigError

                raise ConfigError(f"Attachment {upload.filename!r} is larger than 2 MB.")
            path = Path(folder) / Path(upload.filename).name
            path.write_bytes(data)
            found.append(read_attachment(path))
    return found
