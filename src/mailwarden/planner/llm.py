"""The optional LLM planner: plain language to a `Draft` through any OpenAI-compatible Chat Completions API.

    planner = LlmPlanner(LlmConfig.from_env())          # MAILWARDEN_LLM_BASE_URL, _MODEL, _API_KEY
    draft = await planner.draft("Grant sarah Full Access on support@", requester=me, directory=d)

Configuration (environment):

    MAILWARDEN_LLM_BASE_URL     the API root, e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1,
                                or for Azure OpenAI https://RESOURCE.openai.azure.com
    MAILWARDEN_LLM_MODEL        the model (for Azure OpenAI with an API version: the deployment name)
    MAILWARDEN_LLM_API_KEY      the key, if the server needs one (held as a Secret, never logged)
    MAILWARDEN_LLM_API_VERSION  Azure OpenAI only: use its deployment API with this api-version

The planner is a translator, not an authority. What it returns passes through the same resolution,
preview and policy as a structured request (`planner.compose`), so a wrong or hostile model can add
nothing the policy would not allow for the same person asking the same thing. Beyond that it:

- sends the request and its attachments as data (`llm_prompt`), and nothing about the requester or the
  directory: the model writes "me", and only the directory names people;
- holds the model to a JSON schema generated from `Draft` and the catalog, where the server supports it;
- reads the answer as untrusted (`llm_output`): unknown actions, changes and parameters are dropped;
- asks instead of a ready plan that accounts for less than the request names (a person, mailbox, list or
  right no step is about), by the rules planner's structural check (`accounted`);
- refuses, with `ALLOW_MODEL_REQUESTS` off (as in the test suite), to contact any server that is not on
  this machine.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from mailwarden.connectors.guard import is_loopback
from mailwarden.connectors.secret import Secret
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError
from mailwarden.model.recipients import Recipient
from mailwarden.planner.draft import Attachment, Draft
from mailwarden.planner.llm_client import ChatAnswer, ChatClient, LlmEndpoint, ModelUnavailable, RetryPolicy
from mailwarden.planner.llm_output import read_draft
from mailwarden.planner.llm_prompt import SCHEMA_NAME, response_schema, system_prompt, user_message
from mailwarden.planner.rules import RulesPlanner

__all__ = [
    "ALLOW_MODEL_REQUESTS",
    "ENV_VARS",
    "LlmConfig",
    "LlmPlanner",
    "ModelRequestBlocked",
    "ModelUnavailable",
    "RetryPolicy",
    "llm_configured",
]

# Tests set this to False: the planner then refuses any server that is not on this machine, before a
# request is sent (read at call time, so flipping it after import works). pydantic-ai's flag of that name.
ALLOW_MODEL_REQUESTS = True

ENV_VARS = (
    "MAILWARDEN_LLM_BASE_URL",
    "MAILWARDEN_LLM_MODEL",
    "MAILWARDEN_LLM_API_KEY",
    "MAILWARDEN_LLM_API_VERSION",
)


_DEFAULT_RETRY = RetryPolicy()


class ModelRequestBlocked(ConfigError):
    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"Refusing to send a request to the language model at {url!r}: model requests are disabled here "
            "(planner.llm.ALLOW_MODEL_REQUESTS is False, as it is in the test suite). Use a server on this "
            "machine, or set the flag to True."
        )


@dataclass(frozen=True)
class LlmConfig:
    """Which OpenAI-compatible server and model to ask, and how to authenticate."""

    base_url: str
    model: str
    api_key: Secret | None = None
    api_version: str | None = None
    """Set for Azure OpenAI's deployment API (`/openai/deployments/{model}/chat/completions?api-version=`)."""
    timeout: float = 60.0
    """Seconds to wait for an answer: a structured answer from a large model can take tens of them. (A
    server that does not accept the connection within ten is taken to be down.)"""

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(
                f"MAILWARDEN_LLM_BASE_URL must be an http(s) URL such as 'https://api.openai.com/v1', "
                f"not {self.base_url!r}."
            )
        if not self.model.strip():
            raise ConfigError("MAILWARDEN_LLM_MODEL is empty; name the model (or Azure deployment) to use.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LlmConfig:
        """The configuration in `environ` (default: the process environment); ConfigError names what is
        missing."""
        env = os.environ if environ is None else environ
        values = {name: env.get(name, "").strip() for name in ENV_VARS}
        missing = [name for name in ENV_VARS[:2] if not values[name]]
        if missing:
            raise ConfigError(
                f"The LLM planner is not configured: set {' and '.join(missing)}. For example "
                "MAILWARDEN_LLM_BASE_URL=https://api.openai.com/v1 MAILWARDEN_LLM_MODEL=gpt-4o-mini "
                "MAILWARDEN_LLM_API_KEY=... (for Azure OpenAI: the resource URL, the deployment name as the "
                "model, and MAILWARDEN_LLM_API_VERSION). Without them, requests are planned by the "
                "offline rules planner."
            )
        key = values["MAILWARDEN_LLM_API_KEY"]
        return cls(
            base_url=values["MAILWARDEN_LLM_BASE_URL"],
            model=values["MAILWARDEN_LLM_MODEL"],
            api_key=Secret(key) if key else None,
            api_version=values["MAILWARDEN_LLM_API_VERSION"] or None,
        )

    @property
    def endpoint(self) -> LlmEndpoint:
        base = self.base_url.rstrip("/")
        if self.api_version:
            url = httpx.URL(
                f"{base}/openai/deployments/{self.model}/chat/completions",
                params={"api-version": self.api_version},
            )
            return LlmEndpoint(str(url), self.model, self.api_key, azure=True)
        return LlmEndpoint(f"{base}/chat/completions", self.model, self.api_key, azure=False)


def llm_configured(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the environment names a server and a model (so a channel may offer the LLM planner)."""
    env = os.environ if environ is None else environ
    return all(env.get(name, "").strip() for name in ENV_VARS[:2])


class LlmPlanner:
    """An `AsyncPlanner` that asks a language model; see the module docstring for what it trusts."""

    def __init__(
        self,
        config: LlmConfig,
        *,
        http: httpx.AsyncClient | None = None,
        retry: RetryPolicy = _DEFAULT_RETRY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        now: Callable[[], dt.datetime] | None = None,
        zone: dt.tzinfo | None = None,
    ) -> None:
        """`http` is the client to send through (a test passes one over a stub server's transport); without
        it each draft opens its own, honouring the proxy and CA settings of the environment. `zone` is the
        tenant's time zone (UTC when none is configured): the model is told the local time there, and an
        end time it writes without an offset is read there."""
        self.config = config
        self._http = http
        self._retry = retry
        self._sleep = sleep
        self._json_mode_only = False
        self._clock = now or (lambda: dt.datetime.now(dt.UTC))
        self._zone = zone or dt.UTC

    def in_zone(self, zone: dt.tzinfo) -> LlmPlanner:
        """This planner for requesters in `zone` (their tenant's): "until Friday" is Friday there."""
        zoned = LlmPlanner(
            self.config, http=self._http, retry=self._retry, sleep=self._sleep, now=self._clock, zone=zone
        )
        zoned._json_mode_only = self._json_mode_only
        return zoned

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, http: httpx.AsyncClient | None = None
    ) -> LlmPlanner:
        """The planner the environment configures; ConfigError naming the variables when it does not."""
        return cls(LlmConfig.from_env(environ), http=http)

    async def draft(
        self,
        text: str,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment] = (),
    ) -> Draft:
        """What the model makes of `text`, cut down to the catalog.

        `requester` and `directory` are deliberately not sent: who asks is fixed by the channel, and
        names are resolved by `planner.compose` against the directory, never by the model.
        """
        endpoint = self.config.endpoint
        _check_allowed(endpoint.url)
        now = self._clock().astimezone(self._zone)

        def messages(json_mode: bool) -> list[dict[str, str]]:
            return [
                {"role": "system", "content": system_prompt(with_schema=json_mode)},
                {"role": "user", "content": user_message(text, attachments, now=now)},
            ]

        if self._http is not None:
            answer = await self._complete(endpoint, self._http, messages)
        else:
            timeout = httpx.Timeout(self.config.timeout, connect=min(10.0, self.config.timeout))
            async with httpx.AsyncClient(timeout=timeout) as http:
                answer = await self._complete(endpoint, http, messages)
        if answer.refusal:
            return Draft(
                status="not_understood",
                message=f"The language model declined to plan this request: {answer.refusal[:300]}",
            )
        if answer.finish_reason == "length":
            return Draft(
                status="not_understood",
                message="The language model's answer was cut off before the plan was complete. "
                "Split the request into smaller ones.",
            )
        draft = read_draft(answer.content or "", attachments, now=now)
        # the structural check the rules planner's plans pass (accounted.py): a ready plan that leaves out a
        # person, mailbox or right the request names becomes the same question ("Give Tom full access to
        # support@ and Ava send as on billing@" planned as Tom's grant alone is never ready)
        question = RulesPlanner(self._clock, self._zone).unaccounted(
            text, draft, requester=requester, directory=directory, attachments=attachments
        )
        return draft if question is None else question

    async def _complete(
        self,
        endpoint: LlmEndpoint,
        http: httpx.AsyncClient,
        messages: Callable[[bool], list[dict[str, str]]],
    ) -> ChatAnswer:
        chat = ChatClient(endpoint, http, policy=self._retry, sleep=self._sleep)
        chat.json_mode_only = self._json_mode_only
        try:
            return await chat.complete(messages, (SCHEMA_NAME, response_schema()))
        finally:
            self._json_mode_only = chat.json_mode_only


def _check_allowed(url: str) -> None:
    if not ALLOW_MODEL_REQUESTS and not is_loopback(url):
        raise ModelRequestBlocked(url)
