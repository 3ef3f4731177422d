"""Writing: the embedded poet's speed beside plain `transformers` pipeline, and its perplexity beside a bigram.

    python bench/writing.py [--model assets/models/poet-gpt] [--repeats 15] [--tokens 200] [--skip-perplexity]

Speed, batch 1, on this machine's CPU threads, same model, prompt and sampling settings in the same run:
- time to first token: from asking (seeding included) to the first text on screen. Ours is the writing tab's `write()`
  (streaming, audit row included). The anchor is `pipeline("text-generation")` streamed the way the
  transformers docs show (a TextIteratorStreamer read while the pipeline writes), and, as a lower bound
  that shows nothing until it is done, the pipeline asked for one token.
- tokens per second over `--tokens` new tokens (EOS suppressed so every run writes them all); ours is
  measured with the watermark off (like the anchor) and on (the tab's default); the anchor both
  streamed and as one call. The streamed anchor is timed twice, interleaved, so the table shows how
  far two series of the very same call differ.
Through the HTTP API (`--api`): the same prompt through `python app.py`'s /write with gradio_client, as a visitor
meets it (queue, streaming, audit row), timed from the call to its last update: tokens per second beside the
in-process write() of the same run, watermark off in both. Target (issue 25): at least 0.8x in-process.
Perplexity per token on the held-out verse and scenes (core.text.corpus' split), beside an
interpolated bigram fitted on the training split, same tokens. Prints Markdown tables, then one JSON line.
All torch work runs on the app's one torch thread (core.torch_thread), the anchor's calls included.
Real words (`--real-words`): poems on twelve everyday themes with the tab's default settings (Balanced, a quatrain),
watermark on, under several watermark keys (`--keys`), scored by core.text.english (share of words in the English word
list plus archaic forms): overall, the lowest poem, lines per second; with `--known-words` also with decoding that only
completes known words (core.text.known_words; the Writing tab does it for the embedded poet), with `--quests N` also
the flavour lines the poet writes for N planned quests (the Quests tab's enrichment), and with `--corpus` the poet's
training lines beside the filtered ones.
Held-out modern text (`--held-out`, with `--compare` for the first poet): the filtered part of the held-out split
(core.text.corpus.load_modern_corpus), per character for each model (their tokenizers differ), and per token beside
a bigram fitted on the modern training split.
Adaptation (`--adapt`): the poet LoRA-tuned on modern prose (core.text.prose_sample: the Python Language Reference's
prose, PSF License) with the Writing tab's settings (core.text.adaptation), on `--threads` CPU threads; perplexity on
the held-out last tenth before and after, and seconds. The anchor, same run, same text, same steps and batches: full
fine-tuning (every weight trained, AdamW at 2e-4), and what each has to save. Target (issue 29): at most 0.6x the
original perplexity within 4 minutes on 2 cores.
Preferences (`--preferences`): an example preference set of the poet's own quatrains marked by a rule
(core.text.preference_examples: fewer old-fashioned words wins), tuned with DPO (core.text.preferences); preference
accuracy and margin on the held-out quarter before and after, and the share of old-fashioned words in new quatrains on
the twelve themes (three seeds each) before and after.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GENLAB_DATA_DIR", tempfile.mkdtemp(prefix="genlab-bench-"))

PROMPT_REQUEST = dict(mode="Continue a text", text="The moon was a ghostly galleon tossed upon cloudy seas,\n")


def ours(backend, settings, request) -> tuple[float, float, int]:
    from core.text.writer import write

    started = time.perf_counter()
    first, final = None, None
    for update in write(request, settings, backend=backend):
        if first is None and update.written:
            first = time.perf_counter() - started
        final = update
    return first, final.tokens / final.seconds, final.tokens


def sampling_options(settings) -> dict:
    return dict(do_sample=settings.temperature > 0, temperature=settings.temperature, top_p=settings.top_p,
                top_k=settings.top_k, repetition_penalty=settings.repetition_penalty, return_full_text=False)


def anchor(pipe, prompt_text: str, settings, new_tokens: int) -> tuple[float, float, int]:
    """The pipeline as one call: asked for one token (first-token time), then for all of them."""
    import torch

    from core import torch_thread

    options = sampling_options(settings)
    started = time.perf_counter()
    torch.manual_seed(settings.seed)
    torch_thread.run(pipe, prompt_text, max_new_tokens=1, min_new_tokens=1, **options)
    first = time.perf_counter() - started
    started = time.perf_counter()
    torch.manual_seed(settings.seed)
    torch_thread.run(pipe, prompt_text, max_new_tokens=new_tokens, min_new_tokens=new_tokens, **options)
    seconds = time.perf_counter() - started
    return first, new_tokens / seconds, new_tokens


def anchor_streamed(pipe, prompt_text: str, settings, new_tokens: int) -> tuple[float, float, int]:
    """The pipeline writing into a TextIteratorStreamer on the torch thread, read here as it arrives."""
    import torch
    from transformers import TextIteratorStreamer

    from core import torch_thread

    streamer = TextIteratorStreamer(pipe.tokenizer, skip_prompt=True, skip_special_tokens=True)
    started, first = time.perf_counter(), None
    torch.manual_seed(settings.seed)
    running = torch_thread.submit(pipe, prompt_text, max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                                  streamer=streamer, **sampling_options(settings))
    for piece in streamer:
        if first is None and piece:
            first = time.perf_counter() - started
    running.result()
    return first, new_tokens / (time.perf_counter() - started), new_tokens


def speed(model_path: Path, repeats: int, new_tokens: int) -> dict:
    import torch
    from transformers import pipeline

    from core.settings import TabModel
    from core.text.modes import WritingRequest, build_prompt
    from core.text.sampling import SamplingSettings
    from core.text.writer import backend_for

    backend = backend_for(TabModel("embedded", str(model_path)))
    # the anchor and ours write every requested token: no end-of-text
    backend.writer.model.generation_config.eos_token_id = None
    request = WritingRequest(**PROMPT_REQUEST)
    prompt_text = build_prompt(request, poet=backend.poet, chat=False).text
    pipe = pipeline("text-generation", model=backend.writer.model, tokenizer=backend.writer.tokenizer,
                    device="cpu")
    base = SamplingSettings(max_new_tokens=new_tokens, seed=0, watermark=False)
    rows = {"Genlab write(), watermark off": [], "Genlab write(), watermark on": [],
            "transformers pipeline, streamed (anchor)": [], "transformers pipeline, one call": [],
            "transformers pipeline, streamed, again (the noise between two series)": []}
    ours(backend, replace(base, max_new_tokens=5), request)  # warm-up
    anchor(pipe, prompt_text, base, 5)
    anchor_streamed(pipe, prompt_text, base, 5)
    for repeat in range(repeats):
        settings = replace(base, seed=repeat)
        rows["Genlab write(), watermark off"].append(ours(backend, settings, request))
        rows["Genlab write(), watermark on"].append(ours(backend, replace(settings, watermark=True), request))
        rows["transformers pipeline, streamed (anchor)"].append(
            anchor_streamed(pipe, prompt_text, settings, new_tokens))
        rows["transformers pipeline, one call"].append(anchor(pipe, prompt_text, settings, new_tokens))
        rows["transformers pipeline, streamed, again (the noise between two series)"].append(
            anchor_streamed(pipe, prompt_text, settings, new_tokens))
    return {name: {"first_token_ms": round(statistics.median(r[0] for r in runs) * 1000, 1),
                   "tokens_per_second": round(statistics.median(r[1] for r in runs), 1),
                   "tokens": round(statistics.median(r[2] for r in runs))}
            for name, runs in rows.items()} | {"threads": torch.get_num_threads()}


def through_the_api(repeats: int, new_tokens: int) -> dict:
    """/write through a running app, against write() in this process, interleaved; median tokens per second."""
    import re

    from bench.concurrency import client, start_app
    from core.settings import TabModel
    from core.text.modes import WritingRequest
    from core.text.sampling import SamplingSettings
    from core.text.writer import backend_for, write

    backend = backend_for(TabModel("embedded", "assets/models/poet-gpt"))
    request = WritingRequest(**PROMPT_REQUEST)
    process, url = start_app()
    api, local = [], []
    try:
        caller = client(url)
        arguments = dict(mode=PROMPT_REQUEST["mode"], text=PROMPT_REQUEST["text"], max_new_tokens=new_tokens,
                         watermark=False, api_name="/write")
        caller.predict(**arguments, seed=0)  # load the model in the app
        for repeat in range(repeats):
            started = time.perf_counter()
            _, stats = caller.predict(**arguments, seed=repeat)
            seconds = time.perf_counter() - started
            api.append(int(re.search(r"\*\*(\d+)\*\* tokens", stats).group(1)) / seconds)
            settings = SamplingSettings(max_new_tokens=new_tokens, seed=repeat, watermark=False)
            started = time.perf_counter()
            final = None
            for final in write(request, settings, backend=backend):
                pass
            local.append(final.tokens / (time.perf_counter() - started))
    finally:
        process.terminate()
        process.wait(10)
    return {"api_tokens_per_second": round(statistics.median(api), 1),
            "in_process_tokens_per_second": round(statistics.median(local), 1),
            "ratio": round(statistics.median(api) / statistics.median(local), 2)}


def perplexity(model_path: Path, context: int, windows: int) -> dict:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from core.text.bigram import BigramModel
    from core.text.corpus import load_corpus
    from core.text.train import encode_documents, mean_loss, validation_windows

    tokenizer = AutoTokenizer.from_pretrained(model_path)
    model = AutoModelForCausalLM.from_pretrained(model_path).eval()
    corpus = load_corpus()
    training = [encode_documents(tokenizer, corpus.training_verse), encode_documents(tokenizer, corpus.training_scenes)]
    bigram = BigramModel.fit(training, len(tokenizer))
    result = {}
    for kind, documents in (("verse", corpus.validation_verse), ("plays", corpus.validation_scenes)):
        held_out = validation_windows(encode_documents(tokenizer, documents), context, windows)
        result[kind] = {"tokens": int(held_out.shape[0] * (held_out.shape[1] - 1)),
                        "model_perplexity": round(math.exp(mean_loss(model, held_out)), 2),
                        "bigram_perplexity": round(math.exp(bigram.mean_loss(held_out)), 2)}
    return result


EVERYDAY_THEMES = ("morning coffee", "rain on the window", "a walk in the park", "my old dog", "the city at night",
                   "cooking dinner", "the first snow", "a train journey", "friendship", "the garden in spring",
                   "a rainy Monday", "the sea at night")
WATERMARK_KEYS = (1, 4242, 987654321, 77, 31337)


class known_words_decoding:
    """Turns core.text.known_words' decoding on or off for a local writer while the bench writes (the embedded poet
    has it on; off shows the poet's own spelling)."""

    def __init__(self, writer, enabled: bool):
        self.writer, self.enabled = writer, enabled

    def __enter__(self):
        self.before, self.writer.writes_known_words = self.writer.writes_known_words, self.enabled
        return self

    def __exit__(self, *exc):
        self.writer.writes_known_words = self.before
        return False


def each_watermark_key(keys: tuple[int, ...]):
    """Yield each key with GENLAB_TEXT_WATERMARK_KEY set to it, and restore the variable afterwards."""
    previous = os.environ.get("GENLAB_TEXT_WATERMARK_KEY")
    try:
        for key in keys:
            os.environ["GENLAB_TEXT_WATERMARK_KEY"] = str(key)
            yield key
    finally:
        if previous is None:
            os.environ.pop("GENLAB_TEXT_WATERMARK_KEY", None)
        else:
            os.environ["GENLAB_TEXT_WATERMARK_KEY"] = previous


def real_word_poems(model_path: Path, keys: tuple[int, ...], known_words: bool, form: str) -> dict:
    """The real-word share of poems on EVERYDAY_THEMES, default settings, watermark on, one series per key."""
    from core.settings import TabModel
    from core.text.english import RealWords, real_words
    from core.text.modes import WritingRequest
    from core.text.sampling import SamplingSettings
    from core.text.writer import backend_for, write

    backend = backend_for(TabModel("embedded", str(model_path)))
    total, poems, lines, seconds, worst = RealWords(0, 0), [], 0, 0.0, (2.0, "")
    with known_words_decoding(backend.writer, known_words):
        for key in each_watermark_key(keys):
            for index, theme in enumerate(EVERYDAY_THEMES):
                final = None
                for final in write(WritingRequest(mode="Poem", theme=theme, form=form),
                                   SamplingSettings(seed=index, watermark=True), backend=backend):
                    pass
                score = real_words(final.written)
                total += score
                poems.append(round(score.share, 4))
                lines += sum(1 for line in final.written.split("\n") if line.strip())
                seconds += final.seconds
                if score.share < worst[0]:
                    worst = (score.share, f"key {key}, {theme!r}: {final.written.strip()!r}")
    return {"model": str(model_path), "known_words": known_words, "poems": len(poems), "words": total.words,
            "real_word_share": round(total.share, 4), "lowest_poem": min(poems), "lines_per_second": round(lines / seconds, 1),
            "most_common_non_words": [word for word, _ in total.unknown.most_common(12)], "worst_poem": worst[1]}


QUEST_OBJECTIVES = ("defeat a dragon", "find a lost ring", "rescue the miller's daughter", "escort a merchant",
                    "break a curse")


def real_word_flavour(model_path: Path, quests: int, keys: tuple[int, ...], known_words: bool) -> dict:
    """The real-word share of the quests' flavour lines (core.quests.enrich, the Quests tab's settings, watermark
    on): `quests` planned quests over the settings and objectives, one series per watermark key."""
    from core.quests.enrich import EnrichmentConfig, enrich_quest
    from core.quests.planner import QuestRequest, plan_quest
    from core.quests.worlds import WORLDS
    from core.settings import TabModel
    from core.text.english import RealWords, real_words
    from core.text.writer import backend_for

    backend = backend_for(TabModel("embedded", str(model_path)))
    total, shares, worst = RealWords(0, 0), [], (2.0, "")
    with known_words_decoding(backend.writer, known_words):
        for key in each_watermark_key(keys):
            for index in range(quests):
                request = QuestRequest(objective=QUEST_OBJECTIVES[index % len(QUEST_OBJECTIVES)],
                                       setting=list(WORLDS)[index % len(WORLDS)], seed=index)
                enriched = enrich_quest(plan_quest(request), EnrichmentConfig(seed=index), backend=backend)
                for step in enriched.quest.steps:
                    if step.flavour:
                        score = real_words(step.flavour)
                        total += score
                        shares.append(score.share)
                        if score.share < worst[0]:
                            worst = (score.share, f"key {key}, quest {index}: {step.flavour!r}")
    return {"model": str(model_path), "known_words": known_words, "lines": len(shares), "words": total.words,
            "real_word_share": round(total.share, 4), "lowest_line": round(min(shares), 4) if shares else None,
            "most_common_non_words": [word for word, _ in total.unknown.most_common(12)], "worst_line": worst[1]}


def real_word_corpus() -> dict:
    """The real-word share of the poet's training verse lines, all of them and those the filter keeps."""
    from core.text.corpus import verse_lines
    from core.text.english import RealWords, is_modern_line, lexicon, real_words

    lex = lexicon()
    every, kept = RealWords(0, 0), RealWords(0, 0)
    lines = verse_lines()
    kept_lines = 0
    for line in lines:
        score = real_words(line, lex)
        every += RealWords(score.words, score.real)
        if is_modern_line(line, lex):
            kept += RealWords(score.words, score.real)
            kept_lines += 1
    return {"all_lines": {"lines": len(lines), "words": every.words, "real_word_share": round(every.share, 4)},
            "filtered_lines": {"lines": kept_lines, "words": kept.words, "real_word_share": round(kept.share, 4)}}


def real_words_report(args) -> None:
    keys = WATERMARK_KEYS[:args.keys]
    models = [Path(path) for path in args.compare] + [Path(args.model)]
    rows = []
    for model_path in models:
        for known_words in ((True,) if args.skip_plain else (False, True) if args.known_words else (False,)):
            rows.append(real_word_poems(model_path, keys, known_words, args.form))
    print(f"\nReal words in poems on {len(EVERYDAY_THEMES)} everyday themes ({args.form.lower()}, Balanced, watermark on, "
          f"keys {', '.join(map(str, keys))}; target: at least 98.5% overall, no poem under 95%)\n")
    print("| model | decoding | poems | words | real words | lowest poem | lines per second |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        decoding = "known words only" if row["known_words"] else "plain"
        print(f"| {row['model']} | {decoding} | {row['poems']} | {row['words']:,} | {row['real_word_share']:.1%} | "
              f"{row['lowest_poem']:.1%} | {row['lines_per_second']:.1f} |")
    for row in rows:
        print(f"\n{row['model']} ({'known words' if row['known_words'] else 'plain'}): most common non-words "
              f"{', '.join(row['most_common_non_words']) or 'none'}; lowest poem {row['worst_poem']}")
    result = {"real_words": rows}
    if args.quests:
        result["quest_flavour"] = [real_word_flavour(model_path, args.quests, keys, known_words)
                                   for model_path in models
                                   for known_words in ((True,) if args.skip_plain else (False, True)
                                                       if args.known_words else (False,))]
        print(f"\nReal words in the quests' flavour lines ({args.quests} quests per key, watermark on)\n")
        print("| model | decoding | lines | words | real words | lowest line |")
        print("|---|---|---|---|---|---|")
        for row in result["quest_flavour"]:
            decoding = "known words only" if row["known_words"] else "plain"
            print(f"| {row['model']} | {decoding} | {row['lines']} | {row['words']:,} | {row['real_word_share']:.1%} | "
                  f"{row['lowest_line']:.1%} |")
        for row in result["quest_flavour"]:
            print(f"\n{row['model']} ({'known words' if row['known_words'] else 'plain'}) flavour: most common "
                  f"non-words {', '.join(row['most_common_non_words']) or 'none'}; lowest line {row['worst_line']}")
    if args.corpus:
        result["corpus"] = real_word_corpus()
        print("\nReal words in the training verse (Gutenberg Poetry Corpus lines)\n")
        print("| lines | count | words | real words |")
        print("|---|---|---|---|")
        for name, row in result["corpus"].items():
            print(f"| {name.replace('_', ' ')} | {row['lines']:,} | {row['words']:,} | {row['real_word_share']:.1%} |")
    print(json.dumps(result))


def held_out_report(model_path: Path, compare: list[Path], passages: int) -> None:
    """Both poets on the same held-out modern text, per character (they have different tokenizers), and the
    model per token beside a bigram fitted on the modern training split with its tokenizer."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from core import torch_thread
    from core.text.bigram import BigramModel
    from core.text.corpus import load_modern_corpus
    from core.text.train import encode_documents, mean_loss, validation_windows
    from core.text.train_v2 import nats_per_character

    corpus = load_modern_corpus()
    texts = {"verse": corpus.validation_verse[:passages], "plays": corpus.validation_scenes}
    rows, same_tokens = {}, {}
    for path in [*compare, model_path]:  # the last one loaded, model_path's, is scored per token below
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModelForCausalLM.from_pretrained(path).eval()
        same_tokens[str(path)] = (model, tokenizer.get_vocab())
        context = model.config.n_positions
        row = {}
        for kind, documents in texts.items():
            measured = torch_thread.run(nats_per_character, model, tokenizer, documents, context)
            row[kind] = {"characters": measured["characters"],
                         "bits_per_character": round(measured["nats_per_character"] / math.log(2), 4),
                         "perplexity_per_character": round(math.exp(measured["nats_per_character"]), 4)}
        rows[str(path)] = row
    bigram = BigramModel.fit([encode_documents(tokenizer, corpus.training_verse),
                              encode_documents(tokenizer, corpus.training_scenes)], len(tokenizer))
    vocabulary = same_tokens[str(model_path)][1]  # a compared poet with the same tokens: scored on the same windows
    alike = {name: other for name, (other, its_vocabulary) in same_tokens.items()
             if name != str(model_path) and its_vocabulary == vocabulary}
    per_token = {}
    for kind, documents in texts.items():
        stream = encode_documents(tokenizer, documents)
        windows = validation_windows(stream, context, (len(stream) - 1) // context)  # every window, in order
        per_token[kind] = {"tokens": int(windows.shape[0] * context),
                           "model_perplexity": round(math.exp(torch_thread.run(mean_loss, model, windows)), 2),
                           "bigram_perplexity": round(math.exp(bigram.mean_loss(windows)), 2),
                           **{f"{name}_perplexity": round(math.exp(torch_thread.run(mean_loss, other, windows)), 2)
                              for name, other in alike.items()}}
    print(f"\nHeld-out modern text (the filtered part of the first poet's held-out split: the first {passages} verse "
          f"passages and all {len(corpus.validation_scenes)} scenes), per character, lower is better\n")
    print("| model | verse: bits per character | verse: perplexity per character | plays: bits per character | "
          "plays: perplexity per character |")
    print("|---|---|---|---|---|")
    for name, row in rows.items():
        print(f"| {name} | {row['verse']['bits_per_character']:.3f} | {row['verse']['perplexity_per_character']:.3f} | "
              f"{row['plays']['bits_per_character']:.3f} | {row['plays']['perplexity_per_character']:.3f} |")
    print(f"\n{model_path} per token beside a bigram on its own tokens (modern training split)\n")
    print("| held-out text | tokens | poet | " + "".join(f"{name} (same tokens) | " for name in alike) +
          "bigram baseline |")
    print("|---|---|---|" + "---|" * len(alike) + "---|")
    for kind, row in per_token.items():
        print(f"| {kind} | {row['tokens']:,} | {row['model_perplexity']:.1f} | " +
              "".join(f"{row[f'{name}_perplexity']:.1f} | " for name in alike) + f"{row['bigram_perplexity']:.1f} |")
    print(json.dumps({"held_out_per_character": rows, "held_out_per_token": per_token}))


def full_fine_tuning(model_path: Path, text: str, config, steps: int) -> dict:
    """The anchor: every weight trained, the same blocks and batches as the LoRA run, AdamW at 2e-4."""
    import torch

    from core.text.adaptation import perplexity, prepare

    started = time.perf_counter()
    _, model, training, held_out = prepare(str(model_path), text, config)
    before = perplexity(model, held_out)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-4, weight_decay=0.0)
    generator = torch.Generator().manual_seed(config.seed)
    model.train()
    for _ in range(steps):
        inputs, labels = training.batch(generator, config.batch_size)
        model(input_ids=inputs, labels=labels).loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    after = perplexity(model, held_out)
    saved = sum(p.numel() for p in model.parameters()) * 4
    return {"perplexity_before": before, "perplexity_after": after, "seconds": time.perf_counter() - started,
            "steps": steps, "saved_bytes": saved}


def adaptation_report(model_path: Path, characters: int, threads: int) -> None:
    import torch

    from core.text.adaptation import AdaptationConfig, adapt
    from core.text.prose_sample import SOURCE, modern_prose

    torch.set_num_threads(threads)
    text = modern_prose(characters)
    config = AdaptationConfig(seed=0)
    lora = adapt(str(model_path), text, config)
    full = full_fine_tuning(model_path, text, config, lora.steps)
    rows = {"LoRA (ours: core.text.adaptation)": {
        "perplexity_before": lora.perplexity_before, "perplexity_after": lora.perplexity_after,
        "seconds": lora.seconds, "steps": lora.steps,
        "saved_bytes": len(lora.adapter_files.get("adapter_model.safetensors", b""))},
        "full fine-tuning (anchor)": full}
    print(f"\nAdapting {model_path.name} to {len(text):,} characters of {SOURCE}; held-out last tenth "
          f"({lora.trained['held_out_tokens']:,} tokens); {threads} CPU threads, seed 0\n")
    print("| method | perplexity before | after | after / before | steps | seconds | what it saves |")
    print("|---|---|---|---|---|---|---|")
    for name, row in rows.items():
        print(f"| {name} | {row['perplexity_before']:.1f} | {row['perplexity_after']:.1f} | "
              f"{row['perplexity_after'] / row['perplexity_before']:.2f} | {row['steps']} | {row['seconds']:.0f} | "
              f"{row['saved_bytes'] / 1e6:.1f} MB |")
    print(json.dumps({"adaptation": rows, "characters": len(text), "trained": lora.trained}))


def preferences_report(model_path: Path, count: int, threads: int) -> None:
    import statistics as stats

    import torch

    from core.settings import TabModel
    from core.text.adapters import adapted_backend, save_adapter
    from core.text.modes import WritingRequest
    from core.text.preference_examples import FEWER_OLD_WORDS, THEMES, example_preferences, old_word_share
    from core.text.preferences import PreferenceConfig, PreferenceResult, read_pairs, tune_preferences
    from core.text.sampling import SamplingSettings
    from core.text.writer import backend_for, write

    torch.set_num_threads(threads)
    backend = backend_for(TabModel("embedded", str(model_path.resolve())))
    started = time.perf_counter()
    pairs = example_preferences(count, seed=0, backend=backend)
    made_seconds = time.perf_counter() - started
    result: PreferenceResult = tune_preferences(str(model_path), read_pairs(pairs), PreferenceConfig(seed=0))
    tuned = adapted_backend(save_adapter(result).id, base=backend)

    def share(of_backend) -> float:
        shares = []
        for theme in THEMES:
            for seed in (101, 102, 103):
                final = list(write(WritingRequest(mode="Poem", theme=theme), SamplingSettings(seed=seed),
                                   backend=of_backend))[-1]
                shares.append(old_word_share(final.written))
        return stats.mean(shares)

    before, after = share(backend), share(tuned)
    print(f"\nPreference tuning (DPO, trl, on LoRA) of {model_path.name} on {len(pairs)} example pairs marked by the "
          f"rule: {FEWER_OLD_WORDS}; made in {made_seconds:.0f} s; {result.trained_pairs} trained, "
          f"{result.held_out_pairs} held out; {threads} CPU threads, seed 0\n")
    print("| measure | before | after |")
    print("|---|---|---|")
    print(f"| held-out pairs where the model finds the chosen text likelier | {result.accuracy_before:.0%} | "
          f"{result.accuracy_after:.0%} |")
    print(f"| mean margin, chosen minus rejected (nats per token) | {result.margin_before:+.3f} | "
          f"{result.margin_after:+.3f} |")
    print(f"| old-fashioned words in new quatrains (12 themes x 3 seeds) | {before:.1%} | {after:.1%} |")
    print(f"\nDPO: {result.steps} steps in {result.seconds:.0f} s.")
    print(json.dumps({"preferences": result.summary(), "old_word_share_before": before,
                      "old_word_share_after": after, "pairs_made_seconds": made_seconds}))


def main() -> None:
    from core import torch_thread

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="assets/models/poet-gpt")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--windows", type=int, default=400)
    parser.add_argument("--skip-perplexity", action="store_true")
    parser.add_argument("--api", action="store_true", help="only the poet through the HTTP API beside in-process")
    parser.add_argument("--real-words", action="store_true", help="only the real-word share of poems (see above)")
    parser.add_argument("--keys", type=int, default=3, help="--real-words: how many watermark keys")
    parser.add_argument("--form", default="Quatrain", help="--real-words: the poem form")
    parser.add_argument("--known-words", action="store_true", help="--real-words: also with known-word decoding")
    parser.add_argument("--skip-plain", action="store_true", help="--real-words: only with known-word decoding")
    parser.add_argument("--quests", type=int, default=0, help="--real-words: also the flavour lines of this many quests")
    parser.add_argument("--corpus", action="store_true", help="--real-words: also the training lines, all and filtered")
    parser.add_argument("--compare", action="append", default=[],
                        help="--real-words, --held-out: another model, first")
    parser.add_argument("--held-out", action="store_true",
                        help="only perplexity on held-out modern text, per character beside --compare, per token "
                             "beside a bigram")
    parser.add_argument("--passages", type=int, default=300, help="--held-out: verse passages")
    parser.add_argument("--adapt", action="store_true", help="only adaptation with LoRA beside full fine-tuning")
    parser.add_argument("--characters", type=int, default=20_000, help="--adapt: how much modern prose")
    parser.add_argument("--preferences", action="store_true", help="only preference tuning with DPO")
    parser.add_argument("--pairs", type=int, default=48, help="--preferences: example pairs (a quarter held out)")
    parser.add_argument("--threads", type=int, default=2, help="--adapt, --preferences: CPU threads")
    args = parser.parse_args()
    model_path = Path(args.model)
    if args.adapt:
        adaptation_report(model_path, args.characters, args.threads)
        return
    if args.preferences:
        preferences_report(model_path, args.pairs, args.threads)
        return
    if args.real_words:
        real_words_report(args)
        return
    if args.held_out:
        held_out_report(model_path, [Path(path) for path in args.compare], args.passages)
        return
    if args.api:
        result = through_the_api(args.repeats, args.tokens)
        print(f"\nThe poet through the HTTP API and in-process, {args.tokens} new tokens at most, watermark off, "
              f"median of {args.repeats} (tokens per second, wall time)\n")
        print("| writer | tokens per second |")
        print("|---|---|")
        print(f"| /write through the HTTP API (gradio_client) | {result['api_tokens_per_second']:.0f} |")
        print(f"| write() in-process, same run | {result['in_process_tokens_per_second']:.0f} |")
        print(json.dumps(result))
        return
    results = {"speed": speed(model_path, args.repeats, args.tokens)}
    threads = results["speed"].pop("threads")
    print(f"\nSpeed at batch 1, {threads} CPU threads, {args.tokens} new tokens, median of {args.repeats}\n")
    print("| writer | first token (ms) | tokens per second |")
    print("|---|---|---|")
    for name, row in results["speed"].items():
        print(f"| {name} | {row['first_token_ms']:.1f} | {row['tokens_per_second']:.0f} |")
    if not args.skip_perplexity:
        from transformers import AutoConfig

        context = AutoConfig.from_pretrained(model_path).n_positions
        results["perplexity"] = torch_thread.run(perplexity, model_path, context, args.windows)
        print("\nPerplexity per token on held-out text (lower is better)\n")
        print("| held-out text | tokens | poet | bigram baseline |")
        print("|---|---|---|---|")
        for kind, row in results["perplexity"].items():
            print(f"| {kind} | {row['tokens']:,} | {row['model_perplexity']:.1f} | {row['bigram_perplexity']:.1f} |")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
