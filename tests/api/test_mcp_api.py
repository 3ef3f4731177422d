"""The suite as an MCP server, driven by the real MCP SDK client over streamable HTTP on loopback."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("mcp")

from mcp import ClientSession  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402


def with_session(app_url, work):
    """Run `work(session)` on an initialised MCP session with the suite; return its result."""

    async def run():
        async with streamable_http_client(f"{app_url}/gradio_api/mcp/") as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await work(session)

    with ThreadPoolExecutor(1) as thread:  # its own event loop, even beside Playwright's
        return thread.submit(asyncio.run, run()).result()


def texts(result) -> list[str]:
    return [item.text for item in result.content if item.type == "text"]


def test_every_public_endpoint_is_a_tool_a_model_can_act_on(app_url, client):
    async def listed(session):
        return (await session.list_tools()).tools

    tools = {tool.name: tool for tool in with_session(app_url, listed)}
    endpoints = {name.lstrip("/") for name in client.view_api(return_format="dict", print_info=False)["named_endpoints"]}
    assert set(tools) == endpoints  # a tool's name is its API name
    assert {"quest", "molecule_properties", "write", "generate_image", "check_image", "synthesize"} <= set(tools)
    for name, tool in tools.items():
        assert len(tool.description) > 60 and "Returns:" in tool.description, name
        for parameter, schema in tool.inputSchema.get("properties", {}).items():
            assert schema.get("description"), f"{name}: {parameter} is not described"


def test_no_endpoint_output_is_left_unnamed(client):
    api = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    unnamed = [(name, value["label"]) for name, value in api.items() for value in value["returns"]
               if not value["label"] or value["label"].startswith("value_")]
    assert not unnamed


def test_an_agent_plans_a_quest_and_reads_the_quest_back_as_json(app_url):
    async def call(session):
        return await session.call_tool("quest", {"objective": "find the lost crown", "seed": "7"})

    result = with_session(app_url, call)
    assert not result.isError
    quest_json, card, chart, *files = texts(result)
    quest = json.loads(quest_json)
    assert quest["objective"] == "find the lost crown" and quest["seed"] == 7
    assert card.startswith(f"# {quest['title']}")
    assert chart.startswith("A chart")
    assert sorted(file.rsplit(".", 1)[1] for file in files) == ["ink", "json", "md"]


def test_an_agent_looks_up_aspirin_by_name_and_gets_its_properties_and_drawing(app_url):
    async def call(session):
        return await session.call_tool("molecule_properties", {"text": "aspirin"})

    result = with_session(app_url, call)
    assert not result.isError
    table = json.loads(texts(result)[0])
    row = dict(zip(table["headers"], table["data"][0]))
    assert row["SMILES"] == "CC(=O)Oc1ccccc1C(=O)O" and row["weight, Da (MW)"] == pytest.approx(180.16, abs=0.01)
    assert any(item.type == "image" and item.mimeType == "image/png" for item in result.content)


@pytest.mark.parametrize("arguments, sentence", [
    ({"reward": "-5 gold"}, "A reward cannot be negative gold (-5)."),
    ({"seed": str(2**70)}, "The seed must be a whole number from 0 to 4,294,967,295"),
])
def test_a_refused_input_is_a_failed_tool_call_saying_what_to_do(app_url, arguments, sentence):
    async def call(session):
        return await session.call_tool("quest", arguments)

    result = with_session(app_url, call)
    assert result.isError
    assert sentence in texts(result)[0] and "Traceback" not in texts(result)[0]


def test_a_long_tool_sends_progress_notifications_and_fails_plainly_with_them(app_url):
    notes = []

    async def progress(done, total, message):
        notes.append((done, message))

    async def calls(session):
        made = await session.call_tool("generate_molecules", {"count": 8, "seed": "3"}, progress_callback=progress)
        refused = await session.call_tool("generate_molecules", {"count": 8, "seed": "many"},
                                          progress_callback=progress)
        return made, refused

    made, refused = with_session(app_url, calls)
    assert not made.isError and json.loads(texts(made)[1])["asked"] == 8
    assert len(notes) >= 3 and any(message == "Processing" for _, message in notes)
    assert refused.isError and "seed" in texts(refused)[0].lower() and "Traceback" not in texts(refused)[0]
