"""Write with any OpenAI-compatible server: vLLM, Ray Serve LLM, llama.cpp, Ollama, `transformers serve`, or OpenAI.

    GENLAB_WRITING_MODEL=openai:<model>          the model name the server knows
    GENLAB_OPENAI_BASE_URL=http://host:8000/v1   the server (default http://127.0.0.1:8000/v1)
    GENLAB_OPENAI_API_KEY=...                    its key, if it wants one (OPENAI_API_KEY also works)
    GENLAB_OPENAI_PROMPTS=chat                   chat (instruction models, the default), poet (a server
                                                 running our embedded poet) or text (a base model)

Chat prompts go to /chat/completions, raw text to /completions, both streamed as server-sent events.
top-k, min-p and repetition penalty are not in OpenAI's schema. They are sent as extra fields (vLLM,
llama.cpp and TGI take them); a server that refuses unknown fields gets them once more inside a
`generation_config` (what `transformers serve` takes), and then not at all, with a note. The
watermark is the server's business, so none is added.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from core.text.modes import Prompt
from core.text.sampling import SamplingSettings

DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1"
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 120.0


PROMPT_STYLES = ("chat", "poet", "text")


def prompt_style() -> str:
    style = os.environ.get("GENLAB_OPENAI_PROMPTS", "chat").strip().lower() or "chat"
    if style not in PROMPT_STYLES:
        raise ValueError(f"GENLAB_OPENAI_PROMPTS={style!r} must be one of: {', '.join(PROMPT_STYLES)}.")
    return style


log = logging.getLogger("genlab.text_server")


class ServerError(ValueError):
    """The server could not be reached or refused the request; the message says what a visitor can do (shown as is),
    the details an operator needs go to the log."""


@dataclass
class OpenAIWriter:
    model: str
    base_url: str = field(default_factory=lambda: os.environ.get("GENLAB_OPENAI_BASE_URL", DEFAULT_BASE_URL))
    api_key: str = field(default_factory=lambda: os.environ.get("GENLAB_OPENAI_API_KEY")
                         or os.environ.get("OPENAI_API_KEY", ""))

    @property
    def endpoint_label(self) -> str:
        return f"{self.model} at {self.base_url}"

    def _body(self, prompt: Prompt, settings: SamplingSettings, seed: int, extras: str) -> tuple[str, dict]:
        body = {"model": self.model, "stream": True, "max_tokens": settings.max_new_tokens, "seed": seed,
                "temperature": settings.temperature, "top_p": settings.top_p}
        if settings.stop_strings:
            body["stop"] = list(settings.stop_strings)[:4]
        knobs = {"top_k": settings.top_k, "min_p": settings.min_p, "repetition_penalty": settings.repetition_penalty}
        if extras == "fields":
            body.update(knobs)
        elif extras == "generation_config":
            sampled = {"do_sample": not settings.greedy, "max_new_tokens": settings.max_new_tokens,
                       **({"temperature": settings.temperature, "top_p": settings.top_p} if not settings.greedy else {}),
                       **{name: value for name, value in knobs.items() if value}}
            body["generation_config"] = json.dumps(sampled)
        if prompt.is_chat:
            return "/chat/completions", {**body, "messages": list(prompt.messages)}
        return "/completions", {**body, "prompt": prompt.text}

    def stream(self, prompt: Prompt, settings: SamplingSettings, *, seed: int, cancel: threading.Event,
               notes: list[str] | None = None, usage: dict | None = None, **_unused) -> Iterator[str]:
        """Yield the new text as the server streams it; `usage["tokens"]` counts its events (about one per token)."""
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        timeout = httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
        with httpx.Client(base_url=self.base_url.rstrip("/"), headers=headers, timeout=timeout) as client:
            for extras, refused_word in (("fields", "top_k"), ("generation_config", "generation_config"), ("", "")):
                path, body = self._body(prompt, settings, seed, extras)
                try:
                    with client.stream("POST", path, json=body) as response:
                        if response.status_code in (400, 422) and extras:
                            response.read()
                            if refused_word in response.text:
                                if not extras.startswith("generation"):
                                    continue
                                if notes is not None:
                                    notes.append("This server does not take top-k, min-p or repetition penalty; "
                                                 "they were left out.")
                                continue
                        if response.status_code >= 400:
                            response.read()
                            raise ServerError(self._refusal(response.status_code, response.text))
                        for piece in self._events(response, cancel, chat=prompt.is_chat):
                            if usage is not None:
                                usage["tokens"] = usage.get("tokens", 0) + 1
                            yield piece
                        return
                except httpx.ConnectError as error:
                    log.warning("Cannot reach the text server at %s: is it running? Check GENLAB_OPENAI_BASE_URL, or "
                                "switch the writing tab back to the embedded poet (unset GENLAB_WRITING_MODEL).",
                                self.base_url)
                    raise ServerError("The text server is not answering; try again in a minute.") from error
                except httpx.TimeoutException as error:
                    raise ServerError(f"The text server stopped answering (no word for {READ_TIMEOUT_S:.0f} s). "
                                      "Try again, or ask for fewer tokens.") from error

    def echoed_logprobs(self, text: str, top: int) -> dict | None:
        """The server's log-probabilities for every token of `text` and its `top` alternatives, asked the way the
        OpenAI completions API scores a prompt (`echo` with `logprobs`, one token written), which vLLM and others
        implement: the choice's `logprobs` ({"tokens", "token_logprobs", "top_logprobs"}), or None where the
        server leaves them out (`transformers serve`, for one, ignores both fields)."""
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {"model": self.model, "prompt": text, "max_tokens": 1, "echo": True, "logprobs": top,
                "temperature": 0.0, "stream": False}
        try:
            with httpx.Client(base_url=self.base_url.rstrip("/"), headers=headers,
                              timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)) as client:
                response = client.post("/completions", json=body)
        except httpx.ConnectError as error:
            raise ServerError("The text server is not answering; try again in a minute.") from error
        except httpx.TimeoutException as error:
            raise ServerError("The text server stopped answering; try again with a shorter text.") from error
        if response.status_code in (400, 422):
            log.info("The text server refused echo/logprobs: %s", response.text[:500])
            return None
        if response.status_code >= 400:
            raise ServerError(self._refusal(response.status_code, response.text))
        choices = (response.json() or {}).get("choices") or [{}]
        logprobs = choices[0].get("logprobs")
        return logprobs if logprobs and logprobs.get("tokens") and logprobs.get("token_logprobs") else None

    def _refusal(self, status: int, text: str) -> str:
        """A sentence for the visitor; what the operator must fix goes to the log (visitors cannot fix it)."""
        if status in (401, 403):
            log.warning("The text server at %s refused the key: set GENLAB_OPENAI_API_KEY to a valid one.",
                        self.base_url)
            return "The text server refused this app's key; the site's operator has to fix it. Try again later."
        if status == 404:
            log.warning("The text server at %s does not know the model %r (or the URL is wrong).", self.base_url,
                        self.model)
            return "The text server does not offer the model this app asks for; the site's operator has to fix it."
        log.warning("The text server at %s answered %s: %s", self.base_url, status, text.strip()[:2000])
        return f"The text server failed (status {status}); try again in a minute."

    @staticmethod
    def _events(response, cancel: threading.Event, chat: bool) -> Iterator[str]:
        for line in response.iter_lines():
            if cancel.is_set():
                return
            if not line.startswith("data:"):
                continue
            data = line[len("data:"):].strip()
            if data == "[DONE]":
                return
            try:
                event = json.loads(data)
            except json.JSONDecodeError:
                continue
            if "error" in event:
                log.warning("The text server failed mid-way: %s", str(event["error"])[:2000])
                raise ServerError("The text server failed part-way through; try again.")
            for choice in event.get("choices") or []:
                piece = (choice.get("delta") or {}).get("content") if chat else choice.get("text")
                if piece:
                    yield piece
