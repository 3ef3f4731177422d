"""The anchor for bench/startup.py: an empty gr.Blocks launched the way app.py launches the suite."""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

with gr.Blocks(title="bare") as demo:
    gr.Markdown("bare")

demo.queue().launch(server_name="127.0.0.1", server_port=int(os.environ["GENLAB_PORT"]))
