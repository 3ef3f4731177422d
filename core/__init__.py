"""Genlab's library: generators, detectors and optimizers. Never imports gradio or streamlit."""

__version__ = "0.1.0"
