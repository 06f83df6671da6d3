"""One Chat Completions call to an OpenAI-compatible server, with retries and the structured-output fallback.

Speaks the wire shape every OpenAI-compatible server shares (OpenAI, Azure OpenAI, vLLM, llama.cpp,
Ollama, LiteLLM...): POST `chat/completions` with `messages` and `response_format`, answer in
`choices[0].message`. Asks first for `json_schema` output (the model is held to the schema); a server
that rejects it is asked again in JSON mode with the schema in the prompt, and remembered as such.

Retries follow what OpenAI documents: 408, 429 and 5xx answers and transport failures (timeouts, refused or
dropped connections) are tried again, honouring `Retry-After` / `retry-after-ms`; anything else is final.
`next_delay` is the policy as a pure function, so its arithmetic is tested without a server.

Logs carry the model, status, attempt and token counts, never a header, a prompt or an answer: the API key
travels in a header, and requests and answers name people.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from mailwarden.connectors.limits import retry_after
from mailwarden.connectors.secret import Secret
from mailwarden.errors import PlanningError
from mailwarden.logs import get_logger

__all__ = [
    "ChatAnswer",
    "ChatClient",
    "LlmEndpoint",
    "ModelUnavailable",
    "RetryPolicy",
    "next_delay",
]

_log = get_logger("mailwarden.planner")

_RETRYABLE = frozenset({408, 429})
# Words of the 400/422 a server sends when it does not support structured outputs (OpenAI, vLLM, llama.cpp,
# Ollama and LiteLLM all name the field or the type).
_SCHEMA_REJECTED = ("response_format", "json_schema", "structured output")


class ModelUnavailable(PlanningError):
    """The model's server did not answer with a completion (after retries, where retrying made sense)."""

    def __init__(self, reason: str, *, status: int | None = None, fix: str = "") -> None:
        self.status = status
        self.reason = reason
        message = f"The language model could not plan this request: {reason}"
        message += f" {fix or 'Try again later.'}"
        super().__init__(message)


@dataclass(frozen=True)
class LlmEndpoint:
    """Where the completions are and how to authenticate; built by `LlmConfig`."""

    url: str
    model: str
    api_key: Secret | None
    azure: bool
    """Azure OpenAI's deployment API: the key goes in `api-key`, not `Authorization: Bearer`."""

    def headers(self) -> dict[str, str]:
        if not self.api_key:  # a local server may need no key; an empty one is no key
            return {}
        # The only place the key is revealed: on its way into the request.
        if self.azure:
            return {"api-key": self.api_key.reveal()}
        return {"Authorization": f"Bearer {self.api_key.reveal()}"}


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    """Tries in all, the first included."""
    base_delay: float = 0.5
    """The first backoff ceiling in seconds; it doubles with each try."""
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    """A longer Retry-After is not waited out: planning is interactive, so the person is told instead."""


@dataclass(frozen=True)
class ChatAnswer:
    """The first choice of a completion."""

    content: str | None
    refusal: str | None
    finish_reason: str | None


def next_delay(
    status: int | None,
    headers: Mapping[str, str],
    attempt: int,
    policy: RetryPolicy,
    *,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """Seconds before try `attempt + 1`, or None when the failure is final or the tries are spent.

    `status` is None for a transport failure. A server-given wait is honoured exactly (not sooner); without
    one the wait is exponential backoff with full jitter.
    """
    if status is not None and status not in _RETRYABLE and status < 500:
        return None
    if attempt >= policy.max_attempts:
        return None
    wait = _server_wait(headers) if status is not None else None
    if wait is not None:
        return wait if wait <= policy.max_retry_after else None
    return rand() * min(policy.max_delay, policy.base_delay * 2.0 ** (attempt - 1))


def _server_wait(headers: Mapping[str, str]) -> float | None:
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    return retry_after(headers)


class ChatClient:
    """Chat Completions against one endpoint, over an injected `httpx.AsyncClient`."""

    def __init__(
        self,
        endpoint: LlmEndpoint,
        http: httpx.AsyncClient,
        *,
        policy: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._endpoint = endpoint
        self._http = http
        self._policy = policy
        self._sleep = sleep
        self.json_mode_only = False
        """Set once the server rejected `json_schema`; later calls go straight to JSON mode."""

    async def complete(
        self,
        messages: Callable[[bool], Sequence[Mapping[str, str]]],
        schema: tuple[str, Mapping[str, Any]],
    ) -> ChatAnswer:
        """The answer to `messages(json_mode)`, held to `schema` (name, JSON schema) where the server can.

        `messages` takes whether JSON mode is in use, since the prompt must then carry the schema itself.
        """
        if not self.json_mode_only:
            name, body = schema
            response_format = {
                "type": "json_schema",
                "json_schema": {"name": name, "strict": True, "schema": body},
            }
            response = await self._post(messages(False), response_format)
            if not _rejects_schema(response):
                return _answer(response, self._endpoint)
            _log.info("llm_json_schema_unsupported", model=self._endpoint.model, status=response.status_code)
            self.json_mode_only = True
        return _answer(await self._post(messages(True), {"type": "json_object"}), self._endpoint)

    async def _post(
        self, messages: Sequence[Mapping[str, str]], response_format: Mapping[str, Any]
    ) -> httpx.Response:
        body = {"model": self._endpoint.model, "messages": list(messages), "response_format": response_format}
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            try:
                response = await self._http.post(
                    self._endpoint.url, json=body, headers=self._endpoint.headers()
                )
            except httpx.TransportError as exc:
                delay = next_delay(None, {}, attempt, self._policy)
                if delay is None:
                    raise ModelUnavailable(
                        f"{_host(self._endpoint.url)!r} could not be reached ({type(exc).__name__}).",
                        fix="Check MAILWARDEN_LLM_BASE_URL and the network, then try again.",
                    ) from exc
                _log.warning(
                    "llm_retry", model=self._endpoint.model, attempt=attempt, cause=type(exc).__name__
                )
                await self._sleep(delay)
                continue
            _log.info(
                "llm_completion",
                model=self._endpoint.model,
                status=response.status_code,
                attempt=attempt,
                duration_ms=round((time.monotonic() - started) * 1000),
                **_usage(response),
            )
            if response.is_success:
                return response
            delay = next_delay(response.status_code, response.headers, attempt, self._policy)
            if delay is None:
                return response
            _log.info("llm_retry", model=self._endpoint.model, attempt=attempt, status=response.status_code)
            await self._sleep(delay)


def _rejects_schema(response: httpx.Response) -> bool:
    if response.status_code not in (400, 422):
        return False
    text = response.text.lower()
    return any(word in text for word in _SCHEMA_REJECTED)


def _answer(response: httpx.Response, endpoint: LlmEndpoint) -> ChatAnswer:
    if not response.is_success:
        raise _http_error(response, endpoint)
    try:
        body = response.json()
        choice = body["choices"][0]
        message = choice["message"]
        content, refusal = message.get("content"), message.get("refusal")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise ModelUnavailable(
            f"{_host(endpoint.url)!r} did not answer with a chat completion.",
            status=response.status_code,
            fix="Check that MAILWARDEN_LLM_BASE_URL is an OpenAI-compatible API (it usually ends in /v1).",
        ) from None
    return ChatAnswer(
        content=content if isinstance(content, str) else None,
        refusal=refusal if isinstance(refusal, str) else None,
        finish_reason=choice.get("finish_reason") if isinstance(choice.get("finish_reason"), str) else None,
    )


def _http_error(response: httpx.Response, endpoint: LlmEndpoint) -> ModelUnavailable:
    status = response.status_code
    said = _server_message(response, endpoint)
    reason = f"{_host(endpoint.url)!r} answered {status}" + (f": {said}" if said else ".")
    if status in (401, 403):
        fix = "Check MAILWARDEN_LLM_API_KEY (and, for Azure OpenAI, that the key belongs to this resource)."
    elif status == 404:
        fix = "Check MAILWARDEN_LLM_MODEL (the deployment name on Azure OpenAI) and MAILWARDEN_LLM_BASE_URL."
    elif status == 429 or status >= 500:
        fix = "The service is busy or failing; try again later."
    else:
        fix = "Check MAILWARDEN_LLM_MODEL and MAILWARDEN_LLM_API_VERSION against what the server supports."
    return ModelUnavailable(reason, status=status, fix=fix)


def _server_message(response: httpx.Response, endpoint: LlmEndpoint) -> str:
    """The server's own error text, cut short, with the API key blanked should the server echo it."""
    try:
        error = response.json().get("error")
        text = error.get("message", "") if isinstance(error, dict) else str(error or "")
    except (ValueError, AttributeError):
        text = ""
    text = " ".join(str(text).split())[:300]
    if endpoint.api_key is not None and endpoint.api_key.reveal():
        text = text.replace(endpoint.api_key.reveal(), str(endpoint.api_key))
    return text


def _usage(response: httpx.Response) -> dict[str, int]:
    if not response.is_success:
        return {}
    try:
        usage = response.json().get("usage") or {}
        return {
            "prompt_tokens": int(usage.get("prompt_tokens", 0)),
            "completion_tokens": int(usage.get("completion_tokens", 0)),
        }
    except (ValueError, AttributeError, TypeError):
        return {}


def _host(url: str) -> str:
    return httpx.URL(url).host
