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


def _suite():
    from app import build_app
    from apps.ui import prepare

    return prepare(build_app())


def test_a_new_visitor_costs_the_event_loop_nothing_and_a_deep_link_still_gets_every_block():
    """A session's copy of the page's configuration is made when a deep link asks for it, not on a visitor's
    first event (32 visitors arriving at once held light calls up for over a second)."""
    import time

    from gradio.blocks import BlocksConfig
    from gradio.state_holder import SessionState

    suite = _suite()
    started = time.perf_counter()
    sessions = [SessionState(suite) for _ in range(32)]
    assert time.perf_counter() - started < 0.05
    eager = [BlocksConfig.config_for_block(key, [], block) for key, block in suite.default_config.blocks.items()
             if key in suite.blocks]
    assert list(sessions[0].components) == [config for config in eager if config]


def test_a_rebuilt_component_describes_its_api_as_gradio_does():
    import gradio as gr

    _suite()
    for component in (gr.Gallery(render=False), gr.Image(render=False), gr.File(render=False),
                      gr.Chatbot(render=False)):
        schema = component.data_model.model_json_schema()
        schema["additional_description"] = schema.pop("description", None)
        assert component.api_info() == schema
        again = type(component)(render=False).api_info()
        assert again == component.api_info() and again is not component.api_info()  # a copy: callers may change it
