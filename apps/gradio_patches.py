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
each item reads as an agent expects: data as JSON (not a Python repr), a list of files as one item per file
(pictures as images), a chart as its title rather than pages of Plotly JSON, and no item for an empty output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
        elif isinstance(output, dict) and output.get("type") == "plotly" and isinstance(output.get("plot"), str):
            title = json.loads(output["plot"]).get("layout", {}).get("title", {})
            title = title.get("text") if isinstance(title, dict) else title
            readable.append(f"A chart{f': {title}' if title else ''} (open the app to see it).")
        elif isinstance(output, (dict, list)) and not is_file_obj_with_meta(output):
            readable.append(json.dumps(output, ensure_ascii=False, default=str))
        else:
            readable.append(output)
    return readable


def apply() -> None:
    from gradio import processing_utils

    processing_utils.save_pil_to_cache = save_pil_to_cache_atomically
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
