"""A stub OpenAI-compatible Chat Completions server, for testing the LLM planner without a model.

A real implementation of the wire shape (what pydantic-ai's `TestModel` is to its model interface): a
Starlette app that checks requests the way OpenAI and Azure OpenAI do (the key, the model or deployment,
`messages`, `response_format`) and answers with `chat.completion` objects or OpenAI error bodies. What the
"model" says is scripted: a queue of `StubReply`s, or a function of the request.

    server = StubChatServer([StubReply.json(draft_dict)], api_key="sk-test")
    http = httpx.AsyncClient(transport=server.transport())
    planner = LlmPlanner(LlmConfig("http://127.0.0.1/v1", "stub-model", Secret("sk-test")), http=http)

It does not hold answers to the schema (a hostile model is scripted through it, as a server that only
offers JSON mode would let one through); `supports_json_schema=False` makes it reject `json_schema`
with the 400 that vLLM, llama.cpp and older servers send.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

__all__ = ["ChatRequest", "StubChatServer", "StubReply"]


@dataclass(frozen=True)
class ChatRequest:
    """One request the stub received."""

    path: str
    headers: Mapping[str, str]
    body: dict[str, Any]

    @property
    def response_format(self) -> str | None:
        rf = self.body.get("response_format")
        return rf.get("type") if isinstance(rf, dict) else None

    def message(self, role: str) -> str:
        """The content of the first message with `role`."""
        return str(next(m["content"] for m in self.body["messages"] if m["role"] == role))


@dataclass(frozen=True)
class StubReply:
    """What the stub answers to one request: a completion, or an error status."""

    content: str | None = None
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    refusal: str | None = None
    finish_reason: str = "stop"
    error: str = ""
    """The error message of a non-200 answer."""

    @classmethod
    def json(cls, answer: Any) -> StubReply:
        """A completion whose content is `answer` as JSON."""
        return cls(content=json.dumps(answer))

    @classmethod
    def failure(cls, status: int, message: str, **headers: str) -> StubReply:
        return cls(status=status, error=message, headers={k.replace("_", "-"): v for k, v in headers.items()})


Script = Callable[[ChatRequest], StubReply]


class StubChatServer:
    """An OpenAI-compatible server answering from a script; `requests` records what it was sent."""

    def __init__(
        self,
        replies: Iterable[StubReply] | Script,
        *,
        model: str = "stub-model",
        api_key: str | None = None,
        supports_json_schema: bool = True,
    ) -> None:
        self._script: Script | None = replies if callable(replies) else None
        self._queue: deque[StubReply] = deque() if callable(replies) else deque(replies)
        self.model = model
        self.api_key = api_key
        self.supports_json_schema = supports_json_schema
        self.requests: list[ChatRequest] = []
        self.app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._openai, methods=["POST"]),
                Route("/openai/deployments/{deployment}/chat/completions", self._azure, methods=["POST"]),
            ]
        )

    def transport(self) -> httpx.ASGITransport:
        """An httpx transport into the app (async clients only, like every ASGI transport)."""
        return httpx.ASGITransport(app=self.app)

    async def _openai(self, request: Request) -> JSONResponse:
        if self.api_key is not None and request.headers.get("authorization") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided.", "invalid_api_key")
        body = await _body(request)
        if isinstance(body, JSONResponse):
            return body
        if body.get("model") != self.model:
            return _error(404, f"The model `{body.get('model')}` does not exist.", "model_not_found")
        return self._complete(request, body)

    async def _azure(self, request: Request) -> JSONResponse:
        if "api-version" not in request.query_params:
            return _error(404, "Resource not found", "404")
        if self.api_key is not None and request.headers.get("api-key") != self.api_key:
            return _error(401, "Access denied due to invalid subscription key.", "401")
        if request.path_params["deployment"] != self.model:
            return _error(404, "The API deployment for this resource does not exist.", "DeploymentNotFound")
        body = await _body(request)
        if isinstance(body, JSONResponse):
            return body
        return self._complete(request, body)

    def _complete(self, request: Request, body: dict[str, Any]) -> JSONResponse:
        problem = _check(body, self.supports_json_schema)
        if problem:
            return _error(400, problem, "invalid_request_error", param="response_format")
        received = ChatRequest(request.url.path, dict(request.headers), body)
        self.requests.append(received)
        if self._script is not None:
            reply = self._script(received)
        elif self._queue:
            reply = self._queue.popleft()
        else:
            return _error(500, "The stub has no reply left for this request.", "server_error")
        if reply.status != 200:
            return _error(reply.status, reply.error or "error", "error", headers=reply.headers)
        return JSONResponse(
            {
                "id": f"chatcmpl-stub{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": self.model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply.content, "refusal": reply.refusal},
                        "finish_reason": reply.finish_reason,
                    }
                ],
                "usage": {
                    "prompt_tokens": sum(len(m["content"]) // 4 for m in body["messages"]),
                    "completion_tokens": len(reply.content or "") // 4,
                },
            },
            headers=dict(reply.headers),
        )


async def _body(request: Request) -> dict[str, Any] | JSONResponse:
    try:
        body = json.loads(await request.body())
    except ValueError:
        return _error(400, "We could not parse the JSON body of your request.", "invalid_request_error")
    if not isinstance(body, dict):
        return _error(400, "The body must be a JSON object.", "invalid_request_error")
    return body


def _check(body: dict[str, Any], supports_json_schema: bool) -> str:
    """What OpenAI would refuse in `body`, or ''."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must be a non-empty array."
    for m in messages:
        if not isinstance(m, dict) or m.get("role") not in ("system", "user", "assistant"):
            return "Each message needs a role of system, user or assistant."
        if not isinstance(m.get("content"), str):
            return "Each message needs string content."
    rf = body.get("response_format")
    if rf is None:
        return ""
    kind = rf.get("type") if isinstance(rf, dict) else None
    if kind == "json_schema":
        if not supports_json_schema:
            return "response_format of type 'json_schema' is not supported by this model."
        spec = rf.get("json_schema")
        if not isinstance(spec, dict) or not spec.get("name") or not isinstance(spec.get("schema"), dict):
            return "response_format.json_schema needs a name and a schema."
        return ""
    if kind == "json_object":
        # OpenAI's own rule for JSON mode.
        if not any("json" in m["content"].lower() for m in messages):
            return (
                "'messages' must contain the word 'json' in some form, "
                "to use 'response_format' of type 'json_object'."
            )
        return ""
    if kind == "text":
        return ""
    return f"Invalid value for 'response_format.type': {kind!r}."


def _error(
    status: int,
    message: str,
    code: str,
    *,
    param: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"message": message, "type": code, "param": param, "code": code}}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))
