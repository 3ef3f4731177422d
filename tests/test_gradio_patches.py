"""Two visitors getting the same picture at once both get it whole (Gradio truncated the shared cache file)."""

import threading

from PIL import Image

from apps.gradio_patches import save_pil_to_cache_atomically


def test_the_same_picture_saved_by_many_threads_is_never_seen_truncated(tmp_path):
    picture = Image.new("RGB", (600, 600), (200, 30, 90))
    whole = None
    sizes, paths = [], []

    def save_and_read():
        path = save_pil_to_cache_atomically(picture, str(tmp_path), format="png")
        with open(path, "rb") as handle:
            sizes.append(len(handle.read()))
        paths.append(path)

    threads = [threading.Thread(target=save_and_read) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    whole = max(sizes)
    assert set(sizes) == {whole} and len(set(paths)) == 1
    assert not [p for p in tmp_path.rglob(".*")]  # no temporary files left behind


def test_the_suite_uses_the_atomic_save():
    from gradio import processing_utils

    from app import build_app
    from apps.ui import prepare

    prepare(build_app())
    assert processing_utils.save_pil_to_cache is save_pil_to_cache_atomically
