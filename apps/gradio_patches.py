"""Fixes for Gradio 6.31 bugs the suite meets, applied once by apps.ui.prepare.

save_pil_to_cache: Gradio names a returned picture's cache file by a hash of its bytes and writes it with
`write_bytes`, which first truncates the file. When two visitors get the same picture at the same time
(the same example, the same seed), one request truncates the file while the other is still sending it,
and that visitor's browser gets a broken download ("peer closed connection without sending complete message
body", seen in bench/concurrency.py at 32 users). Gradio's own save_file_to_cache already does it safely:
write under a temporary name, rename into place, and reuse a copy that is already there. This does the same.

MCP tool results: without a progress token, Gradio's MCP server answers a tool with several outputs as one
text holding the Python repr of the whole tuple (files and pictures included, unconverted), while the same
call with a progress token gets one content item per output. Every call now gets one item per output, and
each item reads as an agent expects: data as JSON (not a Python repr), a list of files or a gallery as one item
per file (pictures as images), a chart as its title rather than pages of Plotly JSON, and no item for an empty
output.

A new visitor's first event: Gradio builds the session's copy of every block's page configuration on the web
server's event loop, although only a deep link reads it whole; 32 visitors arriving at once held everyone's
light calls up (bench/concurrency.py, profiled with py-spy). It is now built when a deep link
asks for it, and a block an event updates gets its own as before.

A component an event updates (`gr.update(...)`, streamed previews included) is rebuilt, and the rebuilt one
generates its data model's JSON schema again, on the event loop. The schema depends on the model class only:
it is generated once per class.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

_schemas: dict[type, dict] = {}  # a component data model's API schema, generated once per class
_gradio_api_info = None  # Gradio's own Component.api_info, kept by apply()


def save_pil_to_cache_atomically(img, cache_dir: str, name: str = "image", format: str = "webp") -> str:
    from gradio import processing_utils

    data = processing_utils.encode_pil_to_bytes(img, format)
    folder = Path(cache_dir) / processing_utils.hash_bytes(data)
    folder.mkdir(exist_ok=True, parents=True)
    target = (folder / f"{name}.{format}").resolve()
    if target.exists():
        os.utime(target)  # delete_cache ages files by time: a reused copy must not expire early
        return str(target)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.replace(temporary, target)
    return str(target)


async def mcp_outputs_without_progress(self, job) -> list:
    from anyio.to_thread import run_sync

    result = await run_sync(job.result)
    return list(result) if isinstance(result, tuple) else [result]  # gradio_client: a tuple for several outputs


def readable_mcp_outputs(data: list) -> list:
    """Each output of a tool call as Gradio's MCP server should pass it on (see the module)."""
    import json

    from gradio_client.utils import is_file_obj_with_meta

    readable = []
    for output in data:
        if output is None or output == []:
            continue
        if isinstance(output, list) and all(is_file_obj_with_meta(item) for item in output):
            readable.extend(output)
        elif isinstance(output, list) and all(isinstance(item, dict) and is_file_obj_with_meta(
                item.get("image") or item.get("video")) for item in output):  # a gallery: its pictures
            readable.extend(item.get("image") or item.get("video") for item in output)
        elif isinstance(output, dict) and output.get("type") == "plotly" and isinstance(output.get("plot"), str):
            title = json.loads(output["plot"]).get("layout", {}).get("title", {})
            title = title.get("text") if isinstance(title, dict) else title
            readable.append(f"A chart{f': {title}' if title else ''} (open the app to see it).")
        elif isinstance(output, (dict, list)) and not is_file_obj_with_meta(output):
            readable.append(json.dumps(output, ensure_ascii=False, default=str))
        else:
            readable.append(output)
    return readable


def session_state_without_eager_configs(self, blocks) -> None:
    """SessionState.__init__ less the copy of every block's configuration (see the module)."""
    self.blocks_config = copy.copy(blocks.default_config)
    self.config_values = {}
    self._genlab_block_ids = blocks.blocks
    self.state_data = {}
    self._state_ttl = {}
    self.is_closed = False
    self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600


def every_component_config(self):
    """SessionState.components, each block's configuration made the first time it is asked for."""
    for key, block in self.blocks_config.blocks.items():
        if key in self._genlab_block_ids and key not in self.config_values:
            self.config_values[key] = self.blocks_config.config_for_block(key, [], block)
    for config in self.config_values.values():
        if config:
            yield config


def api_info_once_per_data_model(self) -> dict:
    """Component.api_info, its schema generated once per data model class (see the module)."""
    if self._api_info_cache is not None or self.data_model is None:  # cached, or no model: Gradio's own answer
        return _gradio_api_info(self)
    if self.data_model not in _schemas:
        schema = self.data_model.model_json_schema()
        schema["additional_description"] = schema.pop("description", None)
        _schemas[self.data_model] = schema
    self._api_info_cache = copy.deepcopy(_schemas[self.data_model])
    return self._api_info_cache


def apply() -> None:
    global _gradio_api_info
    from gradio import processing_utils, state_holder
    from gradio.components.base import Component

    processing_utils.save_pil_to_cache = save_pil_to_cache_atomically
    if not getattr(state_holder.SessionState, "_genlab_patched", False):
        state_holder.SessionState.__init__ = session_state_without_eager_configs
        state_holder.SessionState.components = property(every_component_config)
        state_holder.SessionState._genlab_patched = True
        _gradio_api_info = Component.api_info
        Component.api_info = api_info_once_per_data_model
    try:
        from gradio.mcp import GradioMCPServer
    except ImportError:  # gradio without its mcp extra: there is no MCP server to fix
        return
    if getattr(GradioMCPServer, "_genlab_patched", False):
        return
    postprocess = GradioMCPServer.postprocess_output_data

    def postprocess_output_data(self, data, root_url):
        return postprocess(self, readable_mcp_outputs(list(data)), root_url)

    GradioMCPServer._execute_tool_without_progress = mcp_outputs_without_progress
    GradioMCPServer.postprocess_output_data = postprocess_output_data
    GradioMCPServer._genlab_patched = True
