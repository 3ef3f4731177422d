"""What the model was choosing: for each token of a text, how likely the model found it and what else it weighed.

    choices = token_choices("The sea at night", TokenChoicesConfig(top=5))   # the Writing tab's model
    choices.tokens[3].probability, choices.tokens[3].alternatives            # 0.12, [("moon", 0.31), ...]

A language model writes one token (a word or a piece of one) at a time, by turning everything before it
into a probability for every token it knows and drawing one. Reading a text back through the model shows
those probabilities: a token it found likely, one that surprised it, and the others it might have written
there. The text is read as the Writing tab continues a text (for our poet, after its verse or play tag).
These are the model's own probabilities: when it writes, the sampling settings (temperature, top-k, top-p)
and the text watermark reshape them before each draw. A model this app runs (the poet, a Hub model) is read
here; a text server (the openai backend) is asked for its own log-probabilities of the text (OpenAI's
completions `echo` with `logprobs`, which vLLM and others give), and where it does not give them, a sentence
says so. The start of a text that the model was given rather than wrote (a poem's title, the visitor's first
line) can be named: its tokens are marked `given`, since the model did not choose them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

MAX_CHARACTERS = 4_000
RANKED = 5  # a text server is asked for at least this many top tokens, so a token's place among them is known


@dataclass(frozen=True)
class TokenChoicesConfig:
    top: int = 5  # alternatives shown per token
    max_tokens: int = 400  # tokens read at most (the model's context may be shorter)


@dataclass(frozen=True)
class TokenChoice:
    token: str
    probability: float  # how likely the model found this token, given everything before it
    alternatives: tuple[tuple[str, float], ...]  # the most likely tokens at this place, most likely first
    rank: int | None = None  # 1 for the model's first choice; None where only "not among its top RANKED" is known
    given: bool = False  # part of what the model was given (a title, a first line), not a token it chose


@dataclass
class TokenChoices:
    tokens: list[TokenChoice]
    model_label: str
    notes: list[str] = field(default_factory=list)
    skipped_characters: int = 0  # of the text, before its first token here (one a server gave no probability for)

    def to_dict(self) -> dict:
        return {"model": self.model_label, "notes": self.notes,
                "tokens": [{"token": c.token, "probability": round(c.probability, 4), "rank": c.rank,
                            "given": c.given,
                            "alternatives": [{"token": t, "probability": round(p, 4)} for t, p in c.alternatives]}
                           for c in self.tokens]}


def token_choices(text: str, config: TokenChoicesConfig = TokenChoicesConfig(), backend=None,
                  given: str = "") -> TokenChoices:
    """Each token of `text` with its probability and the model's top alternatives there (see the module doc);
    the tokens inside `given`, when the text starts with it, are marked as given."""
    from core import torch_thread
    from core.text.modes import WritingRequest, build_prompt
    from core.text.writer import current_backend

    if not text or not text.strip():
        raise ValueError("Paste or write a text first: the model reads it back and shows its choices.")
    if len(text) > MAX_CHARACTERS:
        raise ValueError(f"That is {len(text):,} characters; paste at most {MAX_CHARACTERS:,}.")
    if not 1 <= config.top <= 20:
        raise ValueError(f"Show 1 to 20 alternatives per token; {config.top} is not.")
    backend = backend or current_backend()
    writer = backend.writer
    if backend.poet:  # the poet reads a text as it continues one: after its verse or play tag
        prompt = build_prompt(WritingRequest(mode="Continue a text", text=text), poet=True, chat=False)
        context, body = prompt.text[: len(prompt.text) - len(prompt.shown_prefix)], prompt.shown_prefix
    else:
        context, body = "", text
    if backend.backend == "openai":
        choices = _ask_server(writer, context, body, config, backend.model_label)
    else:
        choices = torch_thread.run(_read, writer, context, body, config, backend.model_label)
    return mark_given(choices, len(given) if given and text.startswith(given) else 0)


def mark_given(choices: TokenChoices, given_characters: int) -> TokenChoices:
    """The tokens that lie wholly inside the text's first `given_characters` marked as given; a token that runs
    past them (the model wrote its end) stays a choice."""
    end, marked = choices.skipped_characters, []
    for choice in choices.tokens:
        end += len(choice.token)
        marked.append(replace(choice, given=end <= given_characters))
    return replace(choices, tokens=marked)


def _ask_server(writer, context: str, body: str, config: TokenChoicesConfig, model_label: str) -> TokenChoices:
    logprobs = writer.echoed_logprobs(context + body, max(config.top, RANKED))
    if logprobs is None:
        raise ValueError("This text server does not share its token probabilities (the `logprobs` of OpenAI's "
                         "completions API; servers such as vLLM give them), so its choices cannot be shown. The "
                         "built-in poet shows them (GENLAB_WRITING_MODEL=embedded).")
    return choices_from_logprobs(logprobs, len(context), config, model_label)


def choices_from_logprobs(logprobs: dict, skip_characters: int, config: TokenChoicesConfig,
                          model_label: str) -> TokenChoices:
    """TokenChoices from an OpenAI completions `logprobs` object of an echoed prompt, leaving out the tokens of its
    first `skip_characters` (the poet's tag); a token the server gives no probability for (the first) is left out
    with a note."""
    import math

    tokens, notes, seen, skipped = [], [], 0, 0
    for token, log_probability, top in zip(logprobs["tokens"], logprobs["token_logprobs"],
                                           logprobs.get("top_logprobs") or [None] * len(logprobs["tokens"])):
        start, seen = seen, seen + len(token)
        if start < skip_characters:
            continue
        if log_probability is None:
            skipped = seen - skip_characters
            continue
        alternatives = sorted(((t, math.exp(p)) for t, p in (top or {}).items()), key=lambda item: -item[1])
        rank = next((place for place, (t, _) in enumerate(alternatives, 1) if t == token), None)
        tokens.append(TokenChoice(token, math.exp(log_probability), tuple(alternatives[: config.top]), rank))
        if len(tokens) == config.max_tokens:
            notes.append(f"Only the first {config.max_tokens:,} tokens were read.")
            break
    if skipped:
        notes.append("The server gives no probability for the text's first token (nothing comes before it).")
    return TokenChoices(tokens, model_label, notes, skipped_characters=skipped)


def _read(writer, context: str, body: str, config: TokenChoicesConfig, model_label: str) -> TokenChoices:
    import torch

    tokenizer, notes = writer.tokenizer, []
    start = tokenizer(context, add_special_tokens=False)["input_ids"] if context else []
    if not start:  # the first token needs something before it: the model's start-of-text token
        first = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
        start = [first]
    body_ids = tokenizer(body, add_special_tokens=False)["input_ids"]
    room = min(config.max_tokens, writer.info.context_length - len(start))
    if len(body_ids) > room:
        notes.append(f"Only the first {room:,} of the text's {len(body_ids):,} tokens were read "
                     f"(the model reads {writer.info.context_length:,} at a time).")
        body_ids = body_ids[:room]
    ids = torch.tensor([start + body_ids], device=writer.model.device)
    with writer.generation_lock, torch.inference_mode():
        logits = writer.model(ids).logits[0].float()
    probabilities = torch.softmax(logits[len(start) - 1: -1], dim=-1)  # row i predicts body token i
    chosen = probabilities[torch.arange(len(body_ids)), torch.tensor(body_ids)]
    ranks = (probabilities > chosen[:, None]).sum(dim=-1) + 1
    top = probabilities.topk(config.top, dim=-1)
    tokens = []
    for index, token_id in enumerate(body_ids):
        alternatives = tuple((tokenizer.decode([int(t)]), float(p))
                             for t, p in zip(top.indices[index], top.values[index]))
        tokens.append(TokenChoice(tokenizer.decode([token_id]), float(chosen[index]), alternatives,
                                  int(ranks[index])))
    return TokenChoices(tokens, model_label, notes)
