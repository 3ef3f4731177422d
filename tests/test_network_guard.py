import socket

import pytest

from tests.network_guard import GUARD as NETWORK_GUARD
from tests.network_guard import NetworkAccessBlocked


def test_connections_outside_this_machine_are_refused_and_reported():
    before = len(NETWORK_GUARD.blocked)
    with pytest.raises(NetworkAccessBlocked):
        socket.create_connection(("93.184.216.34", 80), timeout=2)
    with pytest.raises(NetworkAccessBlocked):
        socket.getaddrinfo("huggingface.co", 443)
    assert len(NETWORK_GUARD.blocked) == before + 2
    del NETWORK_GUARD.blocked[before:]  # expected here; any other test doing this fails


def test_loopback_is_allowed():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
