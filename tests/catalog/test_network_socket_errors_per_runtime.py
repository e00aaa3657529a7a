"""The socket errors of each runtime, as a table per producer, each named by its family: glibc
strerror / gai_strerror (bminor/glibc sysdeps/gnu/errlist.h, posix/gai_strerror-strs.h), the
Windows Sockets codes with their FormatMessage sentences (learn.microsoft.com/windows/win32/winsock/
windows-sockets-error-codes-2, and fr-FR / es-ES as localized Windows prints them), .NET's SocketError
names (dotnet/runtime src/libraries/System.Net.Primitives/src/System/Net/Sockets/SocketError.cs) and
SocketsHttpHandler's "<message> (<host>:<port>)", Java's ConnectException / NoRouteToHostException /
SocketTimeoutException / UnknownHostException (and netty's Annotated* wrappers), Go's net package
(golang/go src/net/net.go OpError and DNSError), Node.js's system error codes (nodejs/node
doc/api/errors.md: ECONNREFUSED, ECONNRESET, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENOTFOUND,
EAI_AGAIN), Python's urllib3 / requests wrappers (urllib3/urllib3 src/urllib3/exceptions.py
NewConnectionError, ConnectTimeoutError, NameResolutionError, ProtocolError('Connection aborted.',
...)) and Rust's "(os error n)" (rust-lang/rust library/std/src/io/error.rs). Each row must keep
its family: a change that moves one fails here. The look-alikes after the tables name none."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

_GLIBC = [
    ("network-refused", "curl: (7) Failed to connect to example.com port 443: Connection refused"),
    ("network-timeout", "ssh: connect to host node1 port 22: Connection timed out"),
    ("network-reset", "recv() failed: Connection reset by peer"),
    ("network-unreachable", "ssh: connect to host 10.0.0.5 port 22: No route to host"),
    ("network-unreachable", "connect to 10.0.0.5 port 443 failed: Network is unreachable"),
    ("network-unreachable", "connect() failed: Network is down"),
    ("network-unreachable", "ssh: connect to host 10.0.0.5 port 22: Host is down"),
    ("network-reset", "write error: Software caused connection abort"),
    ("network-dns", "ssh: Could not resolve hostname node1: Name or service not known"),
    ("network-dns", "ssh: Could not resolve hostname node1: Temporary failure in name resolution"),
    ("network-dns", "getaddrinfo: No address associated with hostname"),
    ("network-dns", "Could not resolve host: node1: Non-recoverable failure in name resolution"),
    (
        "network-dns",
        "ssh: Could not resolve hostname node1: nodename nor servname provided, or not known",
    ),
    ("network-timeout", "ssh: connect to host node1 port 22: Operation timed out"),
]

_WINSOCK_ENGLISH = [
    (
        "network-timeout",
        "A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.",
    ),
    (
        "network-refused",
        "No connection could be made because the target machine actively refused it.",
    ),
    ("network-reset", "An existing connection was forcibly closed by the remote host."),
    (
        "network-reset",
        "An established connection was aborted by the software in your host machine.",
    ),
    ("network-unreachable", "A socket operation was attempted to an unreachable host."),
    ("network-unreachable", "A socket operation was attempted to an unreachable network."),
    ("network-unreachable", "A socket operation encountered a dead network."),
    (
        "network-reset",
        "The connection has been broken due to keep-alive activity detecting a failure while the operation was in progress.",
    ),
    ("network-unreachable", "A socket operation failed because the destination host was down."),
    ("network-dns", "No such host is known."),
    (
        "network-dns",
        "This is usually a temporary error during hostname resolution and means that the local server did not receive a response from an authoritative server.",
    ),
    ("network-dns", "The requested name is valid, but no data of the requested type was found."),
    ("network-dns", "A non-recoverable error occurred during a database lookup."),
    (
        "network-unreachable",
        "OSError: [WinError 10064] A socket operation failed because the destination host was down",
    ),
    (
        "network-dns",
        "System.Net.Sockets.SocketException (11003): A non-recoverable error occurred during a database lookup.",
    ),
]

_DOTNET = [
    ("network-refused", "System.Net.Sockets.SocketException: SocketErrorCode: ConnectionRefused"),
    ("network-unreachable", "SocketException: SocketErrorCode=NetworkUnreachable"),
    ("network-dns", "SocketException: SocketErrorCode=HostNotFound"),
    ("network-dns", "System.Net.Sockets.SocketException (11001): No such host is known."),
    (
        "network-dns",
        "System.Net.Sockets.SocketException (00000005, 0xFFFDFFFF): Name or service not known",
    ),
    ("network-dns", "System.Net.Sockets.SocketException (0xFFFDFFFF): Name or service not known"),
    ("network-unreachable", "System.Net.Sockets.SocketException (113): No route to host"),
    ("network-unreachable", "System.Net.Sockets.SocketException (101): Network is unreachable"),
    ("network-refused", "System.Net.Sockets.SocketException (111): Connection refused"),
    ("network-timeout", "System.Net.Sockets.SocketException (110): Connection timed out"),
    (
        "network-unreachable",
        "System.Net.Sockets.SocketException (10065): A socket operation was attempted to an unreachable host.",
    ),
    (
        "network-unreachable",
        "System.Net.Http.HttpRequestException: No route to host (management.azure.com:443)",
    ),
    (
        "network-refused",
        "System.Net.Http.HttpRequestException: Connection refused (localhost:8080)",
    ),
    (
        "network-dns",
        "System.Net.Http.HttpRequestException: Name or service not known (management.azure.com:443)",
    ),
    (
        "network-dns",
        "System.Net.Http.HttpRequestException: nodename nor servname provided, or not known (management.azure.com:443)",
    ),
    (
        "network-dns",
        "System.Net.Http.HttpRequestException: Resource temporarily unavailable (management.azure.com:443)",
    ),
    (
        "network-timeout",
        "System.Net.Http.HttpRequestException: Connection timed out (management.azure.com:443)",
    ),
    (
        "network-timeout",
        "System.Net.Http.HttpRequestException: Operation timed out (management.azure.com:443)",
    ),
    (
        "network-unreachable",
        "System.Net.Http.HttpRequestException: Network is unreachable (management.azure.com:443)",
    ),
    (
        "network-timeout",
        "System.Net.Sockets.SocketException: connect failed. SocketErrorCode: TimedOut",
    ),
    (
        "network-reset",
        "IOException: Unable to read data from the transport connection. SocketError.ConnectionReset",
    ),
    ("network-unreachable", "SocketErrorCode: NetworkDown"),
    ("network-dns", "SocketErrorCode: NoRecovery"),
    ("network-unreachable", "SocketException: SocketErrorCode=HostUnreachable"),
    ("network-dns", "SocketException: SocketErrorCode=TryAgain"),
]

_JAVA = [
    ("network-refused", "java.net.ConnectException: Connection refused (Connection refused)"),
    ("network-refused", "java.net.ConnectException: Connection refused: connect"),
    (
        "network-refused",
        "io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: management.azure.com/20.1.1.1:443",
    ),
    (
        "network-refused",
        "io.netty.channel.AbstractChannel$AnnotatedConnectException: finishConnect(..) failed: Connection refused: localhost/127.0.0.1:8080",
    ),
    ("network-unreachable", "java.net.NoRouteToHostException: No route to host (Host unreachable)"),
    ("network-unreachable", "java.net.NoRouteToHostException: No route to host: connect"),
    ("network-unreachable", "java.net.ConnectException: Network is unreachable (connect failed)"),
    ("network-unreachable", "java.net.SocketException: Network is unreachable: connect"),
    ("network-timeout", "java.net.SocketTimeoutException: connect timed out"),
    ("network-timeout", "java.net.SocketTimeoutException: Connect timed out"),
    ("network-timeout", "java.net.ConnectException: Connection timed out: connect"),
    ("network-timeout", "java.net.ConnectException: Connection timed out (Connection timed out)"),
    ("network-timeout", "java.net.http.HttpConnectTimeoutException: HTTP connect timed out"),
    (
        "network-timeout",
        "io.netty.channel.ConnectTimeoutException: connection timed out: management.azure.com/20.1.1.1:443",
    ),
    ("network-timeout", "java.net.SocketTimeoutException: Read timed out"),
    (
        "network-dns",
        "java.net.UnknownHostException: management.azure.com: Name or service not known",
    ),
    (
        "network-dns",
        "java.net.UnknownHostException: management.azure.com: Temporary failure in name resolution",
    ),
    ("network-dns", "java.net.UnknownHostException: management.azure.com"),
    ("network-dns", "java.net.UnknownHostException: No such host is known (management.azure.com)"),
    (
        "network-dns",
        'java.net.UnknownHostException: Unable to resolve host "login.microsoftonline.com": No address associated with hostname',
    ),
    ("network-reset", "java.net.SocketException: Connection reset"),
    (
        "network-reset",
        "io.netty.channel.unix.Errors$NativeIoException: readAddress(..) failed: Connection reset by peer",
    ),
    (
        "network-reset",
        "io.netty.channel.unix.Errors$NativeIoException: recvAddress(..) failed: Connection reset by peer",
    ),
    ("network-unreachable", "java.net.ConnectException: No route to host (Host unreachable)"),
    (
        "network-unreachable",
        "io.netty.channel.AbstractChannel$AnnotatedNoRouteToHostException: No route to host: host/10.0.0.5:443",
    ),
    (
        "network-unreachable",
        "io.netty.channel.AbstractChannel$AnnotatedSocketException: Network is unreachable: host/10.0.0.5:443",
    ),
    ("network-unreachable", "java.net.SocketException: Network unreachable (connect failed)"),
]

_GO = [
    ("network-refused", 'Get "https://x:443/": dial tcp 10.0.0.5:443: connect: connection refused'),
    ("network-dns", 'Get "https://x/": dial tcp: lookup x on 10.0.0.1:53: no such host'),
    ("network-dns", "dial tcp: lookup x on 127.0.0.53:53: server misbehaving"),
    (
        "network-dns",
        "dial tcp: lookup x on 127.0.0.53:53: read udp 127.0.0.1:4000->127.0.0.53:53: i/o timeout",
    ),
    ("network-dns", "dial tcp: lookup x: i/o timeout"),
    (
        "network-dns",
        "dial tcp: lookup management.azure.com on 10.0.0.1:53: dial udp 10.0.0.1:53: connect: network is unreachable",
    ),
    ("network-dns", "dial tcp: lookup management.azure.com: Temporary failure in name resolution"),
    ("network-timeout", "dial tcp 10.0.0.5:443: i/o timeout"),
    ("network-timeout", "dial tcp 10.0.0.5:443: connect: connection timed out"),
    (
        "network-timeout",
        "dial tcp 10.0.0.5:443: connectex: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.",
    ),
    ("network-unreachable", "dial tcp 10.0.0.5:443: connect: no route to host"),
    ("network-unreachable", "dial tcp 10.0.0.5:443: connect: network is unreachable"),
    (
        "network-unreachable",
        "dial tcp 10.0.0.5:443: connectex: A socket operation was attempted to an unreachable host.",
    ),
    (
        "network-unreachable",
        "dial tcp 10.0.0.5:443: connectex: A socket operation was attempted to an unreachable network.",
    ),
    (
        "network-refused",
        "dial tcp 10.0.0.5:443: connectex: No connection could be made because the target machine actively refused it.",
    ),
    (
        "network-reset",
        "read tcp 10.0.0.4:5000->10.0.0.5:443: wsarecv: An existing connection was forcibly closed by the remote host.",
    ),
    ("network-dns", "dial tcp: lookup management.azure.com: no such host"),
]

_NODE = [
    ("network-refused", "Error: connect ECONNREFUSED 127.0.0.1:443"),
    ("network-dns", "Error: getaddrinfo ENOTFOUND management.azure.com"),
    ("network-dns", "Error: getaddrinfo EAI_AGAIN management.azure.com"),
    ("network-timeout", "Error: connect ETIMEDOUT 20.1.1.1:443"),
    ("network-reset", "Error: read ECONNRESET"),
    ("network-unreachable", "Error: connect EHOSTUNREACH 10.0.0.5:443"),
    ("network-unreachable", "Error: connect ENETUNREACH 10.0.0.5:443 - Local (0.0.0.0:0)"),
    ("network-unreachable", "code: 'EHOSTUNREACH'"),
    ("network-unreachable", "code: 'ENETUNREACH'"),
    ("network-timeout", "code: 'ETIMEDOUT'"),
    ("network-refused", "code: 'ECONNREFUSED'"),
    ("network-reset", "code: 'ECONNRESET'"),
    ("network-dns", "code: 'EAI_AGAIN'"),
    ("network-dns", "code: 'ENOTFOUND'"),
    ("network-reset", "Error: socket hang up"),
    ("network-timeout", "Error: ESOCKETTIMEDOUT"),
    (
        "network-timeout",
        "ConnectTimeoutError: Connect Timeout Error (attempted address: x:443, timeout: 10000ms)",
    ),
    (
        "network-refused",
        "TypeError: fetch failed\n  [cause]: Error: connect ECONNREFUSED 127.0.0.1:3000",
    ),
    ("network-dns", "FetchError: request to https://x/ failed, reason: getaddrinfo ENOTFOUND x"),
    (
        "network-unreachable",
        "FetchError: request to https://x/ failed, reason: connect EHOSTUNREACH 10.0.0.5:443",
    ),
    ("network-unreachable", "Error: connect ENETUNREACH 2603:1030:20e:3::23c:443"),
]

_PYTHON = [
    (
        "network-refused",
        "urllib3.exceptions.NewConnectionError: <urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused",
    ),
    (
        "network-refused",
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='x', port=443): Max retries exceeded with url: / (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 61] Connection refused'))",
    ),
    (
        "network-refused",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [WinError 10061] No connection could be made because the target machine actively refused it')",
    ),
    (
        "network-dns",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -2] Name or service not known')",
    ),
    (
        "network-dns",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')",
    ),
    (
        "network-dns",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 11001] getaddrinfo failed')",
    ),
    (
        "network-dns",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 8] nodename nor servname provided, or not known')",
    ),
    (
        "network-dns",
        "NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve 'x' ([Errno -2] Name or service not known)\")",
    ),
    (
        "network-dns",
        "NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve 'management.azure.com' ([Errno 11001] getaddrinfo failed)\")",
    ),
    (
        "network-timeout",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 110] Connection timed out')",
    ),
    (
        "network-timeout",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 60] Operation timed out')",
    ),
    (
        "network-timeout",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [WinError 10060] A connection attempt failed because the connected party did not properly respond after a period of time')",
    ),
    (
        "network-unreachable",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 113] No route to host')",
    ),
    (
        "network-unreachable",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 101] Network is unreachable')",
    ),
    (
        "network-unreachable",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 65] No route to host')",
    ),
    (
        "network-unreachable",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 51] Network is unreachable')",
    ),
    (
        "network-unreachable",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [WinError 10065] A socket operation was attempted to an unreachable host')",
    ),
    (
        "network-unreachable",
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [WinError 10051] A socket operation was attempted to an unreachable network')",
    ),
    (
        "network-timeout",
        "ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f>, 'Connection to x timed out. (connect timeout=10)')",
    ),
    (
        "network-timeout",
        "urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='x', port=443): Read timed out. (read timeout=10)",
    ),
    (
        "network-reset",
        "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
    ),
    (
        "network-reset",
        "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
    ),
    (
        "network-reset",
        "urllib3.exceptions.ProtocolError: ('Connection aborted.', ConnectionResetError(10054, 'An existing connection was forcibly closed by the remote host', None, 10054, None))",
    ),
    (
        "network-timeout",
        "requests.exceptions.ConnectionError: ('Connection aborted.', TimeoutError('The write operation timed out'))",
    ),
    ("network-refused", "ConnectionRefusedError: [Errno 111] Connection refused"),
    (
        "network-refused",
        "ConnectionRefusedError: [WinError 10061] No connection could be made because the target machine actively refused it",
    ),
    ("network-timeout", "TimeoutError: [Errno 110] Connection timed out"),
    ("network-timeout", "TimeoutError: [WinError 10060] A connection attempt failed"),
    ("network-unreachable", "OSError: [Errno 113] No route to host"),
    ("network-unreachable", "OSError: [Errno 101] Network is unreachable"),
    (
        "network-unreachable",
        "OSError: [WinError 10051] A socket operation was attempted to an unreachable network",
    ),
    (
        "network-unreachable",
        "OSError: [WinError 10065] A socket operation was attempted to an unreachable host",
    ),
    ("network-dns", "socket.gaierror: [Errno -2] Name or service not known"),
    ("network-dns", "socket.gaierror: [Errno 11001] getaddrinfo failed"),
    ("network-dns", "socket.gaierror: [Errno -3] Temporary failure in name resolution"),
    ("network-dns", "<urlopen error [Errno -2] Name or service not known>"),
    ("network-unreachable", "<urlopen error [Errno 113] No route to host>"),
    ("network-unreachable", "<urlopen error [Errno 101] Network is unreachable>"),
    ("network-refused", "<urlopen error [Errno 111] Connection refused>"),
    ("network-timeout", "<urlopen error [Errno 110] Connection timed out>"),
    (
        "network-dns",
        "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host x:443 ssl:default [Name or service not known]",
    ),
    (
        "network-unreachable",
        "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host x:443 ssl:default [No route to host]",
    ),
    (
        "network-unreachable",
        "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host x:443 ssl:default [Network is unreachable]",
    ),
    ("network-refused", "httpx.ConnectError: [Errno 111] Connection refused"),
    ("network-timeout", "httpx.ConnectTimeout: timed out"),
    ("network-dns", "httpx.ConnectError: [Errno -2] Name or service not known"),
]

_RUST = [
    (
        "network-refused",
        "error trying to connect: tcp connect error: Connection refused (os error 111)",
    ),
    (
        "network-unreachable",
        "error trying to connect: tcp connect error: No route to host (os error 113)",
    ),
    (
        "network-unreachable",
        "error trying to connect: tcp connect error: Network is unreachable (os error 101)",
    ),
    (
        "network-dns",
        "error trying to connect: dns error: failed to lookup address information: Name or service not known",
    ),
    (
        "network-timeout",
        "error trying to connect: tcp connect error: Connection timed out (os error 110)",
    ),
    (
        "network-unreachable",
        "tcp connect error: A socket operation was attempted to an unreachable network. (os error 10051)",
    ),
]

# WSAEHOSTUNREACH 10065 / WSAENETUNREACH 10051 / WSAENETDOWN 10050 in fr-FR (the Learn page's
# translation and the runtime's shorter one) and es-ES (as public code prints it)
_WINSOCK_LOCALIZED = [
    (
        "network-unreachable",
        "OSError: [WinError 10065] Une opération a été tentée sur un hôte impossible à atteindre",
    ),
    (
        "network-unreachable",
        "System.Net.Sockets.SocketException: Une opération de socket a été tentée sur un réseau"
        " inaccessible.",
    ),
    ("network-unreachable", "Une opération de socket a rencontré un réseau inactif."),
    (
        "network-unreachable",
        "FtpApiException: Se ha intentado una operación de socket en un host no accesible",
    ),
    ("network-unreachable", "Se intentó una operación de socket en una red no accesible."),
]

_TABLES = (
    _GLIBC + _WINSOCK_ENGLISH + _WINSOCK_LOCALIZED + _DOTNET + _JAVA + _GO + _NODE + _PYTHON + _RUST
)


@pytest.mark.parametrize(("family", "text"), _TABLES)
def test_each_runtime_socket_error_names_its_family(family, text):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # systemd's D-Bus client over its local socket (WSL without systemd): no network
        "Failed to connect to bus: Host is down",
        # the words in an ordinary sentence
        "The build host is down for maintenance tonight, the network is down too",
        # .NET's SocketError.Success and a SocketError name of no network cause
        "SocketErrorCode: Success",
        "SocketErrorCode: AddressAlreadyInUse",
        # Node.js's EPIPE from a child process's stdin: a local pipe
        "Error: write EPIPE\n    at afterWriteDispatched (node:internal/stream_base_commons:160:15)",
    ],
)
def test_look_alikes_name_no_network_family(text):
    assert family_of(text) is None
