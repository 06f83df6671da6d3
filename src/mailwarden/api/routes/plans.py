"""/api/v1/plans: what a request would do, changing nothing (the plan JSON of DESIGN §4)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from mailwarden.api import operations as ops
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep
from mailwarden.errors import ConfigError
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
    answers: Annotated[
        str | None, Form(max_length=20_000, description='Answers as JSON: {"<question id>": "<address>"}.')
    ] = None,
) -> Plan:
    """Plan a plain-language request with attached spreadsheets ("add the users in this file ...")."""
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
