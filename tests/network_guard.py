"""Refuse, and remember, every socket connection that leaves this machine."""

import ipaddress
import socket

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class NetworkAccessBlocked(ConnectionRefusedError):
    """Raised instead of connecting anywhere but loopback (an OSError, as an offline machine would give)."""


def is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host in LOCAL_NAMES or host in ("", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


class NetworkGuard:
    def __init__(self):
        self.blocked: list[str] = []
        self._installed = False

    def _check(self, family, address):
        if family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) and not is_local(address[0]):
            self.blocked.append(f"{address[0]}:{address[1]}")
            raise NetworkAccessBlocked(f"Tests may not reach the network ({address[0]}:{address[1]}).")

    def install(self) -> None:
        if self._installed:
            return
        guard = self
        original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex
        original_getaddrinfo = socket.getaddrinfo

        def connect(sock, address):
            guard._check(sock.family, address)
            return original_connect(sock, address)

        def connect_ex(sock, address):
            guard._check(sock.family, address)
            return original_connect_ex(sock, address)

        def getaddrinfo(host, port, *args, **kwargs):
            if not is_local(host):
                guard.blocked.append(f"{host}:{port} (name look-up)")
                raise NetworkAccessBlocked(f"Tests may not look up {host!r}: no network.")
            return original_getaddrinfo(host, port, *args, **kwargs)

        socket.socket.connect = connect
        socket.socket.connect_ex = connect_ex
        socket.getaddrinfo = getaddrinfo
        self._installed = True


GUARD = NetworkGuard()
