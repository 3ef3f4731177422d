"""Model ids and hardware labels of the audit log as a visitor reads them.

    model_name("poet-gpt") -> "the built-in poet"
    hardware_name("x86_64 Linux") -> "Linux server, Intel or AMD processor"
"""

from __future__ import annotations

EMBEDDED_MODELS = {
    "poet-gpt": "the built-in poet",
    "art-diffusion": "the built-in painter",
    "molecule-rnn": "the built-in molecule generator",
    "ai-image-detector": "the built-in image detector",
}
METHODS = {  # methods without a model file, as the tabs name them
    "Graph GA": "the molecule breeder",
    "Generator-guided": "the molecule generator taught a goal",
    # the synthetic-data generators, as Synthetic data's radio names them, with what each is
    "Gaussian copula": "Gaussian copula (a statistics method for tables)",
    "CTGAN": "CTGAN (an adversarial network for tables)",
    "TVAE": "TVAE (an autoencoder for tables)",
    # the fairness audit's models, as the Ethics tab names them
    "Logistic regression": "logistic regression (a simple statistical model)",
    "Gradient boosting": "gradient boosting (many small decision trees)",
}
BACKENDS = {"embedded": "a built-in model", "hub": "a Hugging Face Hub model", "openai": "a model server",
            "planner": "rules (no model)", "audit": "a fairness audit", "bias probe": "the bias probe"}
LAB_FAMILIES = {"gan": "GAN", "vae": "VAE", "diffusion": "diffusion model", "transformer": "Transformer"}


def model_words(model_id: str | None) -> str | None:
    """The plain words for a model or method that ships here ("the built-in poet", "the molecule breeder");
    None for any other."""
    model_id = str(model_id or "")
    if model_id.startswith("lab-"):
        family = model_id.removeprefix("lab-")
        return f"the Lab's {LAB_FAMILIES.get(family, family)}"
    return EMBEDDED_MODELS.get(model_id) or METHODS.get(model_id)


def model_name(model_id: str | None) -> str:
    """Plain words for the models and methods that ship here (their folder names read as internal codes); a Hub
    id or a name that is words already ("grammar planner") as it is."""
    return model_words(model_id) or str(model_id or "") or "unknown"


def backend_name(backend: str | None) -> str:
    """What kind of model made a record, in words ("a built-in model" for "embedded")."""
    return BACKENDS.get(str(backend or ""), str(backend or "") or "unknown")


PROCESSOR_FAMILIES = {"x86_64": "Intel or AMD", "amd64": "Intel or AMD", "aarch64": "Arm", "arm64": "Arm"}


def hardware_name(label: str | None) -> str:
    """The recorder's "<machine> <system>" label ("x86_64 Linux") in words; anything else as it is."""
    parts = str(label or "").split()
    if len(parts) == 2:
        return f"{parts[1]} server, {PROCESSOR_FAMILIES.get(parts[0].lower(), parts[0])} processor"
    return str(label or "not recorded")


def watermark_words(mark: str | None) -> str:
    """The log's "<scheme>:<record id>" as a visitor reads it: where the mark hides (the id is the row's own)."""
    from core.provenance.watermark import SCHEME
    from core.text.writer import TEXT_WATERMARK

    scheme = str(mark).split(":", 1)[0] if isinstance(mark, str) and mark else None
    return {SCHEME: "hidden in the pixels", TEXT_WATERMARK: "hidden in the word choices",
            None: "none"}.get(scheme, str(mark))


def credentials_words(signed: str | None) -> str:
    """The log's Content Credentials signer ("signed (local development certificate)"), or "none"."""
    return signed if isinstance(signed, str) and signed else "none"
