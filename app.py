"""Genlab: one Gradio app, one tab per module listed in apps.TAB_MODULES.

    python app.py            serves on http://127.0.0.1:7860 (GENLAB_PORT to change,
                             GRADIO_SERVER_NAME=0.0.0.0 to listen on every interface)
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# Gradio's file cache, this server's own: a server that stops deletes the files it cached, and in one shared
# /tmp/gradio those were another server's too (the examples' copies: "Try one" then said "The uploaded file could
# not be found"). Job workers, which run this file again, inherit the variable.
if "GRADIO_TEMP_DIR" not in os.environ:
    import atexit
    import shutil

    os.environ["GRADIO_TEMP_DIR"] = tempfile.mkdtemp(prefix="genlab-gradio-")
    atexit.register(shutil.rmtree, os.environ["GRADIO_TEMP_DIR"], ignore_errors=True)


def build_app():
    """The whole suite as one gr.Blocks: a tab per registered UI module, in order.

    Gradio is imported here, not at the top: a job's worker process (core.jobs) runs this file again as
    its __mp_main__, and must not pay for Gradio's import."""
    import gradio as gr

    from apps import handoff
    from apps.about import registered_tabs
    from apps.ui import DELETE_CACHE

    with gr.Blocks(title="Genlab: hands-on generative AI", analytics_enabled=False,
                   delete_cache=DELETE_CACHE) as suite:
        with gr.Tabs(overflow_behavior="wrap"):  # every tab in sight on a phone, none behind a menu
            for module in registered_tabs():
                name = module.__name__.rsplit(".", 1)[-1]
                with gr.Tab(module.TITLE, id=name, elem_id=f"tab-{name}"):
                    module.render()
        handoff.connect()
    return suite


def main() -> None:
    from core.settings import SettingsError, get_settings

    try:
        settings = get_settings()
    except SettingsError as error:
        sys.exit(f"Genlab cannot start: {error}")
    from apps.ui import launch_options, prepare

    prepare(build_app()).launch(**launch_options(settings.port))


if __name__ == "__main__":
    main()
