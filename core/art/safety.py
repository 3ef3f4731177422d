"""Content safety for the Art tab: a prompt screen, and Stable Diffusion's safety checker on every Hub picture.

The prompt screen refuses a prompt that asks for sexual content, sexualised minors, gore, self-harm or hate
symbols, before anything is painted. It reads the prompt the way a person would, so the usual disguises do
not get through: letter case, accents and full-width letters, digits and symbols for letters ("nud3",
"p0rn", "$ex"), letters spaced or dotted apart ("n u d e", "n.a.k.e.d"), repeated letters ("nuuude") and
plurals. It is a word list: it cannot tell what a harmless-sounding prompt will produce.

The safety checker (CompVis/stable-diffusion-safety-checker, the one diffusers' Stable Diffusion pipelines
come with) compares each finished picture's CLIP embedding with 17 concepts of unsafe, mostly sexual,
content; a picture it flags is withheld: never shown, sealed or recorded. It runs on every picture a Hub
model paints, whatever the pipeline (SD 1.x, 2.x, Turbo or SDXL), unless the operator turns it off
(GENLAB_ART_SAFETY_CHECKER=off). The embedded painter's 32x32 scenes, drawn from a fixed vocabulary of
landscape words, cannot show such content, so only the prompt screen applies to it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

DEFAULT_SAFETY_CHECKER = "CompVis/stable-diffusion-safety-checker"

# Each pattern matches whole words of the normalised prompt (see `normalise`); the category is what we say.
SCREENED = {
    "sexual content": [
        r"nude[sr]?", r"nudity", r"nudist\w*", r"naked\w*", r"nsfw", r"porn\w*", r"pr[o0]n", r"xxx+", r"sex",
        r"sexy", r"sexual\w*", r"sexting", r"erotic\w*", r"hentai", r"ecchi", r"topless", r"bottomless",
        r"undress\w*", r"unclothed", r"genital\w*", r"penis\w*", r"vagina\w*", r"vulva\w*", r"boobs?", r"boobies",
        r"titties", r"nipples?", r"orgasm\w*", r"fetish\w*", r"bdsm", r"bondage", r"stripper\w*",
        r"striptease", r"onlyfans", r"lewd\w*", r"horny", r"milf", r"cum\w*shot", r"blowjob\w*", r"handjob\w*",
        r"masturbat\w*", r"intercourse", r"rule ?34", r"see[- ]?through (dress|clothes|shirt)",
        r"no clothes", r"without clothes", r"in (her|his|their) underwear",
    ],
    "sexualised minors": [r"loli\w*", r"shota\w*", r"child abuse", r"child porn\w*", r"jailbait", r"underage \w+",
                          r"preteen\w*"],
    "gore": [r"gore", r"gory", r"behead\w*", r"decapitat\w*", r"dismember\w*", r"mutilat\w*", r"disembowel\w*",
             r"eviscerat\w*", r"entrails", r"guts spilling", r"severed (head|heads|limb|limbs|arm|arms|leg|legs)",
             r"torture[ds]?", r"torturing", r"snuff", r"bloodbath", r"massacre\w*"],
    "self-harm": [r"self[- ]?harm\w*", r"suicid\w*", r"slit(ting)? (my|her|his|their) wrists?", r"cutting wrists?",
                  r"hanging (himself|herself|themselves|myself)", r"anorexi\w*", r"pro[- ]?ana"],
    "hate symbols": [r"swastika\w*", r"nazi\w*", r"kkk", r"ku klux klan", r"white power", r"heil hitler",
                     r"sieg heil", r"hakenkreuz", r"isis flag", r"lynch\w*"],
    "violent attacks": [r"(school|mass) shooting\w*", r"terror(ist)? attack\w*", r"suicide bomb\w*", r"execution video"],
}
_PATTERNS = [(category, re.compile(rf"\b(?:{'|'.join(patterns)})\b")) for category, patterns in SCREENED.items()]
_LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
                             "!": "i", "|": "i", "€": "e", "+": "t"})
_SPACED_LETTERS = re.compile(r"\b(?:[a-z][\s.\-_*'`~]+){2,}[a-z]\b")
_SEPARATORS = re.compile(r"[\s.\-_*'`~]+")


@dataclass(frozen=True)
class ScreenResult:
    category: str  # what the prompt asks for, in words ("sexual content")
    term: str  # the words of the prompt that matched, normalised


def normalise(prompt: str) -> list[str]:
    """The readings of `prompt` the screen checks: plain, letters for look-alike symbols, spaced-out letters
    joined, and repeated letters collapsed (each lower-case, accents and full-width forms folded)."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", prompt)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    symbols_as_letters = re.sub(r"\S+", lambda m: m.group().translate(_LOOKALIKES)
                                if re.search(r"[a-z]", m.group()) else m.group(), text)  # "p0rn", not "500 gold"
    readings = [text, symbols_as_letters]
    joined = [_SPACED_LETTERS.sub(lambda m: _SEPARATORS.sub("", m.group()), r) for r in readings]
    # "a n u d e": the article stands apart as well as joined in
    joined += [_SPACED_LETTERS.sub(lambda m: m.group()[0] + " " + _SEPARATORS.sub("", m.group()[1:]), r)
               for r in readings]
    readings += joined
    readings += [re.sub(r"([a-z])\1+", r"\1", r) for r in readings]
    readings += [re.sub(r"([a-z])\1{2,}", r"\1\1", r) for r in readings]
    return list(dict.fromkeys(readings))


def screen_prompt(prompt: str) -> ScreenResult | None:
    """What a prompt asks for that the suite does not paint, or None when the screen finds nothing."""
    for reading in normalise(prompt):
        for category, pattern in _PATTERNS:
            if match := pattern.search(reading):
                return ScreenResult(category, match.group())
    return None


class SafetyChecker:
    """Stable Diffusion's safety checker (see the module), loaded once per source with `from_pretrained`."""

    def __init__(self, model, processor, source: str):
        self.model, self.processor, self.source = model, processor, source

    @classmethod
    def load(cls, source: str, device=None) -> "SafetyChecker":
        with _checkers_lock:
            if source not in _checkers:
                from diffusers.pipelines.stable_diffusion.safety_checker import StableDiffusionSafetyChecker
                from transformers import CLIPImageProcessor

                try:
                    model = StableDiffusionSafetyChecker.from_pretrained(source)
                    processor = CLIPImageProcessor.from_pretrained(source)
                except OSError as error:
                    raise ValueError(
                        f"The picture safety checker ({source}) could not load: {error}. Download it with the Space "
                        f"(it is listed under preload_from_hub), or, on a private deployment only, set "
                        f"GENLAB_ART_SAFETY_CHECKER=off.") from error
                model.eval()
                _checkers[source] = cls(model, processor, source)
            checker = _checkers[source]
        if device is not None:
            checker.model.to(device)
        return checker

    def flagged(self, images) -> list[bool]:
        """Whether each PIL picture shows unsafe content, by the checker's own thresholds."""
        import numpy as np
        import torch

        device = next(self.model.parameters()).device
        inputs = self.processor(images=[image.convert("RGB") for image in images], return_tensors="pt")
        arrays = [np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0 for image in images]
        with torch.no_grad():
            _, flags = self.model(clip_input=inputs.pixel_values.to(device, self.model.dtype), images=arrays)
        return [bool(flag) for flag in flags]


_checkers: dict[str, SafetyChecker] = {}
_checkers_lock = threading.Lock()
