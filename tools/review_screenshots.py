"""Screenshots of every tab after its main action, for a newcomer review: full pages at 1280 px and on a phone
(390 x 844), in the light and the dark theme.

    python tools/review_screenshots.py --url http://127.0.0.1:7860 --out /tmp/review [--sizes phone laptop]
        [--schemes light dark] [--pages art writing ...]

Each page is opened by its deep link (/?tab=...), its example or main button pressed as a visitor would, and shot
when its result has come (or after the page's wait). The names are <page>-<size>-<scheme>.png. Unlike
../shared/tools/screenshots.py, which shoots each tab before anything is pressed, this shows results.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
WAIT_MS = 120_000

# page: (deep link, steps); a step is ("click", text) for a button or an example's label, ("wait", selector or
# text a result shows), or ("pause", milliseconds)
PAGES = {
    "about": ("about", []),
    "art": ("art", [("click", "Paint"), ("wait", "text=Done in")]),
    "writing": ("writing", [("click", "Write"), ("wait", "#writing-stats >> text=Done."),  # not mid-stream
                            ("click", "See the model's choices"), ("click", "Use the text above"),
                            ("click", "Show the choices"), ("pause", 8_000)]),
    "quests": ("quests", [("click", "Make the quest"), ("wait", "#quest-card h2, #quest-card h3")]),
    "synthetic-data": ("synthetic_data", [("click", "Generate synthetic data"), ("wait", "text=Quality")]),
    "molecules-generate": ("molecules/generate", [("click", "Generate molecules"), ("wait", "#generated-quality >> text=valid")]),
    "molecules-properties": ("molecules/properties", [("click", "Show properties"), ("pause", 8_000)]),
    "molecules-optimise": ("molecules/optimise", [("click", "Start optimising"), ("wait", "text=Finished"),
                                                  ("pause", 2_000)]),
    "deepfake-picture": ("deepfake_check/picture", [("click", "Made by AI on another server (Genlab's painter)"),
                                                    ("click", "Check this picture"), ("wait", "text=Every signal")]),
    "deepfake-video": ("deepfake_check/video", [("click", "A real photograph, filmed as a slow pan (4 s)"),
                                                ("click", "Check this video"), ("pause", 30_000)]),
    "deepfake-text": ("deepfake_check/text", [("click", "Written by a person (Jane Austen, 1813)"),
                                              ("click", "Check this text"), ("pause", 8_000)]),
    "ethics-fairness": ("ethics/fairness", [("pause", 2_000), ("click", "Audit"), ("wait", "text=In short")]),
    "ethics-energy": ("ethics/energy", [("click", "Show energy"), ("pause", 5_000)]),
    "ethics-transparency": ("ethics/transparency", [("click", "Search the audit log"), ("pause", 5_000)]),
    "ethics-anonymiser": ("ethics/anonymiser", [("click", "40 made-up customers"), ("click", "Anonymise"),
                                                ("pause", 10_000)]),
    "lab-make": ("lab/make", [("click", "Make digits"), ("pause", 10_000)]),
    "lab-train-live": ("lab/train", [("click", "Train"), ("pause", 12_000)]),  # as it learns
    "lab-train": ("lab/train", [("click", "Train"), ("wait", "#lab-train-status >> text=Trained the"),
                                ("pause", 3_000)]),  # its end: the trained digits' chart
    "lab-inside": ("lab/inside", [("click", "Transformer: one patch at a time"), ("click", "Look inside"),
                                  ("pause", 10_000)]),
    "lab-compare": ("lab/compare", [("click", "Show the comparison"), ("pause", 8_000)]),
}


def run_steps(page, steps) -> None:
    for kind, value in steps:
        if kind == "click":
            button = page.get_by_role("button", name=value, exact=True)
            target = button if button.count() else page.get_by_text(value).first
            target.first.click(timeout=30_000)
            page.wait_for_timeout(500)
        elif kind == "wait":
            page.locator(value).first.wait_for(timeout=WAIT_MS)
            page.wait_for_timeout(1_500)
        else:
            page.wait_for_timeout(value)


def load_lazy_pictures(page) -> None:
    """Scroll down the page a screen at a time and back, so pictures that load when scrolled to (Gradio's images
    are loading="lazy") are in the full-page shot, as a visitor scrolling would see them."""
    height = page.evaluate("document.documentElement.scrollHeight")
    step = page.viewport_size["height"]
    for top in range(0, height, step):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(150)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(1_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:7860")
    parser.add_argument("--out", default="review")
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--schemes", nargs="+", default=["light", "dark"], choices=["light", "dark"])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for scheme in args.schemes:
            for size in args.sizes:
                phone = size == "phone"
                context = browser.new_context(viewport=SIZES[size], color_scheme=scheme, is_mobile=phone,
                                              has_touch=phone)
                for name in args.pages:
                    link, steps = PAGES[name]
                    page = context.new_page()
                    page.goto(f"{args.url}/?tab={link}" + ("&__theme=dark" if scheme == "dark" else ""))
                    page.get_by_role("tab").first.wait_for(timeout=60_000)  # Gradio draws its tabs after load
                    page.wait_for_timeout(1_500)
                    try:
                        run_steps(page, steps)
                    except Exception as error:  # shoot what there is: the picture shows what went wrong
                        said = re.sub(r"\s+", " ", str(error))[:160]
                        print(f"{name} {size} {scheme}: {said}")
                    load_lazy_pictures(page)
                    path = out / f"{name}-{size}-{scheme}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(path, flush=True)
                    page.close()
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
