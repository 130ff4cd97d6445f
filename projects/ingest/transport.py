"""How the fetcher reaches a server: resolve once, check the address, connect to exactly that address.

Checking a host name and then letting the HTTP library resolve it again (or parse the URL its own
way) leaves room between the check and the connection: a backslash that urllib3 reads as the end of
the host, a DNS answer that changes between the two look-ups. Here the check happens where the
connection is made, for the first request and every redirect:

- `GuardedAdapter` (a requests transport adapter) resolves the host urllib3 is about to use, refuses
  non-public addresses, and hands urllib3 the checked IP address as the host to connect to, while the
  `Host` header and, for https, the TLS server name (SNI) and certificate check keep the host name;
- its connection classes confirm, once connected, that the socket's peer is that checked address, and
  register the socket with the fetch's `FetchGuard`, whose timer shuts the socket down at the overall
  deadline (so a server trickling a byte at a time cannot hold a worker).
"""

import contextlib
import contextvars
import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated, but Python calls ::7f00:1 global
# Global by Python's reckoning, yet relays into other networks.
ALSO_REFUSED = (ipaddress.ip_network("192.88.99.0/24"),)  # 6to4 relay anycast
DEFAULT_PORTS = {"http": 80, "https": 443}


class AddressRefused(Exception):
    """The host resolves to an address the fetcher must not connect to (the message says which)."""


class ResolutionFailed(Exception):
    pass


class DeadlineExpired(Exception):
    pass


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for: IPv4-mapped, NAT64 (64:ff9b::/96), 6to4, IPv4-compatible."""
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64 or (address in IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """Reachable on the public internet: not loopback, private, link-local, shared, reserved or multicast."""
    inner = embedded_ipv4(address)
    if inner is not None:
        return is_public(inner)
    if address.is_multicast or any(address in network for network in ALSO_REFUSED):
        return False
    return address.is_global


def is_loopback(address: IPAddress) -> bool:
    inner = embedded_ipv4(address)
    return (inner or address).is_loopback


@dataclass
class FetchGuard:
    """The rules and the record of one fetch: which addresses it may use, and its overall deadline.

    `allow_loopback` (FETCH_ALLOW_PRIVATE_ADDRESSES, for tests and development) lets it reach
    127.0.0.0/8 and ::1 as well; private networks, link-local and metadata addresses stay refused.
    """

    allow_loopback: bool
    deadline_seconds: float
    # Called with (host, address) just before connecting to the checked address; raising stops the fetch.
    on_connect: Callable[[str, str], None] | None = None
    connected_to: list[str] = field(default_factory=list)  # peer addresses of the sockets opened
    expired: bool = False
    started: float = 0.0
    _sockets: list = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def address_for(self, host: str, port: int) -> str:
        """Resolve `host` once and return the address to connect to; AddressRefused if it is not public."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise ResolutionFailed(f"Cannot resolve {host!r}: {error}") from None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        if not addresses:
            raise ResolutionFailed(f"Cannot resolve {host!r}.")
        for address in addresses:
            if not self.allows(address):
                raise AddressRefused(f"{host} resolves to a non-public address ({address}): not fetched.")
        # IPv4 first: many hosts (containers especially) have no IPv6 route.
        chosen = str(min(addresses, key=lambda address: address.version))
        if self.on_connect is not None:
            self.on_connect(host, chosen)
        return chosen

    def allows(self, address: IPAddress) -> bool:
        return is_public(address) or (self.allow_loopback and is_loopback(address))

    def connected(self, sock, *, expected: str):
        peer = ipaddress.ip_address(sock.getpeername()[0].split("%")[0])
        if peer != ipaddress.ip_address(expected) or not self.allows(peer):
            sock.close()
            raise AddressRefused(f"Connected to {peer}, not to the checked address {expected}: not fetched.")
        self.connected_to.append(str(peer))
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self):
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    @contextlib.contextmanager
    def active(self):
        """Make this the guard of the connections opened inside the block, and start its deadline timer."""
        timer = threading.Timer(self.deadline_seconds, self._expire)
        timer.daemon = True
        token = _active_guard.set(self)
        self.started = time.monotonic()
        timer.start()
        try:
            yield self
        finally:
            timer.cancel()
            _active_guard.reset(token)

    def remaining(self) -> float:
        return self.deadline_seconds - (time.monotonic() - self.started)


def _shut(sock):
    # The plain socket's shutdown, also for TLS sockets: it wakes a blocked read in the fetching thread.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


_active_guard: contextvars.ContextVar[FetchGuard] = contextvars.ContextVar("fetch_guard")


def _guard() -> FetchGuard:
    try:
        return _active_guard.get()
    except LookupError:
        raise AddressRefused("A guarded connection was opened outside a fetch.") from None


class _GuardedHTTPConnection(HTTPConnection):
    def connect(self):
        super().connect()
        _guard().connected(self.sock, expected=self.host)


class _GuardedHTTPSConnection(HTTPSConnection):
    def connect(self):
        super().connect()
        _guard().connected(self.sock, expected=self.host)


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


def guarded_session(guard: FetchGuard) -> requests.Session:
    """A requests session whose every connection goes through `guard` (use inside `guard.active()`)."""
    session = requests.Session()
    session.trust_env = False  # no proxies or .netrc from the environment: we connect ourselves
    adapter = GuardedAdapter(guard)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class GuardedAdapter(HTTPAdapter):
    """Connects to the address its guard checked, keeping the host name for `Host`, SNI and the certificate."""

    def __init__(self, guard: FetchGuard):
        self.guard = guard
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        raise AddressRefused("The fetcher does not use proxies: it checks the address it connects to.")

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        scheme, host, port = host_params["scheme"], host_params["host"], host_params["port"]
        if not host:
            raise AddressRefused("The URL has no host.")
        address = self.guard.address_for(host, port or DEFAULT_PORTS.get(scheme, 80))
        name = f"[{host}]" if ":" in host else host
        request.headers["Host"] = name if port in (None, DEFAULT_PORTS.get(scheme)) else f"{name}:{port}"
        if scheme == "https":
            pool_kwargs["server_hostname"] = host  # SNI and the certificate's name: the host, not the IP
        host_params["host"] = address
        return host_params, pool_kwargs
