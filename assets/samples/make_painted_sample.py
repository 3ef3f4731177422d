"""Make `painted-elsewhere.png`, the Deepfake check's machine-made picture to try: painted by the built-in painter
as another Genlab server would paint it.

    python assets/samples/make_painted_sample.py

The painting runs with a data folder of its own, made fresh and thrown away, so its watermark key and signing
certificate are not those of any server that later checks the file. The check then shows what a machine-made picture
from elsewhere looks like: Content Credentials and metadata that say "made by AI", which anyone could have written
(likely, not proven), and a watermark this server cannot read without the other server's key.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
sys.path.insert(0, str(FOLDER.parent.parent))
PROMPT, SEED = "a tower by the sea at night", 7  # words the built-in painter knows: its picture shows its prompt


def main() -> None:
    with tempfile.TemporaryDirectory() as elsewhere:
        os.environ["GENLAB_DATA_DIR"] = elsewhere
        for name in [key for key in os.environ if key.startswith("GENLAB_") and key != "GENLAB_DATA_DIR"]:
            del os.environ[name]  # the other server's keys and certificate are made in its own data folder
        from core.art.generator import ArtRequest, paint

        last = None
        for last in paint(ArtRequest(prompt=PROMPT, seed=SEED)):
            pass
        (FOLDER / "painted-elsewhere.png").write_bytes(last.pictures[0].png)


if __name__ == "__main__":
    main()
