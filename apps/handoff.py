"""Send what one tab made to another in one click: a painted picture to the Deepfake check, a written text to
its watermark check.

A tab registers a sender (a button, and a function of some of its components giving the file path or text to send) or a
receiver (the component that takes the file, and the deep link of its tab); `connect`, called once every
tab is drawn, wires each sender to the receiver of its kind. The file travels from component to
component in the visitor's own page: no tab reads another's state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr


@dataclass
class Sender:
    kind: str
    button: gr.Button
    pick: Callable  # the file path or text to send, from `inputs`' values
    inputs: list


@dataclass
class Receiver:
    component: gr.components.Component
    tab_path: str  # the deep link of the receiving tab, e.g. "deepfake_check/picture"
    then_press: str | None = None  # elem_id of a button to press once the file has arrived


_senders: list[Sender] = []
_receivers: dict[str, Receiver] = {}


def send(kind: str, button: gr.Button, pick: Callable, inputs: list) -> None:
    _senders.append(Sender(kind, button, pick, inputs))


def receive(kind: str, component, tab_path: str, then_press: str | None = None) -> None:
    _receivers[kind] = Receiver(component, tab_path, then_press)


def connect() -> None:
    """Wire every sender to its receiver (a sender without one, as in a tab launched alone, is hidden)."""
    for sender in _senders:
        receiver = _receivers.get(sender.kind)
        if receiver is None:
            sender.button.visible = False
            continue
        press = (f"document.getElementById('{receiver.then_press}')?.click();" if receiver.then_press else "")
        sender.button.click(sender.pick, inputs=sender.inputs, outputs=receiver.component, api_visibility="private",
                            queue=False).success(
            None, js=f"() => {{ genlabOpenTabSoon('{receiver.tab_path}'); setTimeout(() => {{ {press} }}, 600); }}",
            api_visibility="private", queue=False)
    _senders.clear()
    _receivers.clear()
