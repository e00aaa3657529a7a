"""A lab world served over the real wire: one WinRM endpoint per simulated node on 127.0.0.1.

Every pipeline that reaches an endpoint is dispatched to the lab's cmdlet surface, exactly
like the in-process transport, so a flow run over psrp sees the same world. Nodes the world
marks unreachable refuse connections.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from orchestrator.lab.ca import LabCertificates, make_lab_certificates
from orchestrator.lab.clock import VirtualClock
from orchestrator.lab.emulator.endpoint import Auth, Credentials, NodeEndpoint
from orchestrator.lab.host import LabHost
from orchestrator.lab.latency import Latency, LatencyInjector
from orchestrator.lab.surface import dispatch
from orchestrator.lab.world import LabWorld
from orchestrator.transport.base import Command, CommandResult

NTLM_USER_FILE = "NTLM_USER_FILE"
DEFAULT_USERNAME = "labadmin"


class WallClock(VirtualClock):
    """Node time over the real wire follows the controller's real UTC clock (plus whatever the
    lab advanced it by), so clock-skew checks compare like with like."""

    def __init__(self) -> None:
        super().__init__()
        self._offset = timedelta()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("virtual time only moves forward")
        with self._lock:
            self._offset += timedelta(seconds=seconds)

    sleep = advance


class LabEmulator:
    """Serve `world` (all nodes, or `nodes`) over WinRM. Use as a context manager.

    tls=True: HTTPS with a throw-away CA (`ca_pem`); auth "basic" or "negotiate" (NTLM, with
    message encryption on plain HTTP). `allow_unencrypted` lets Basic over plain HTTP in (the
    service's AllowUnencrypted=true, only for the insecure opt-in).
    """

    def __init__(
        self,
        world: LabWorld,
        *,
        auth: Auth = "basic",
        tls: bool = True,
        allow_unencrypted: bool = False,
        credentials: Credentials | None = None,
        state_dir: Path | None = None,
        latency: Latency | None = None,
    ) -> None:
        self.world = world
        # Injected latency (lab/latency.py), one injector for all nodes: it counts their calls.
        self.latency = LatencyInjector(latency or Latency())
        world.clock = WallClock()
        world.real_time_calls = True  # a long call takes real time on the wire
        self.auth = auth
        self.tls = tls
        self.credentials = credentials or Credentials(DEFAULT_USERNAME, secrets.token_urlsafe(18))
        self._own_dir = None if state_dir else tempfile.TemporaryDirectory(prefix="hci-lab-")
        self.state_dir = state_dir or Path(self._own_dir.name)  # type: ignore[union-attr]
        self.tls_files: LabCertificates | None = None
        self._previous_user_file: str | None = None
        self.endpoints: dict[str, NodeEndpoint] = {}
        self._allow_unencrypted = allow_unencrypted
        # Told of every command a node ran (lab serve's call log: `orchestrate lab calls`).
        self.on_command: Callable[[str, Command], None] | None = None

    @property
    def ca_pem(self) -> Path | None:
        return self.tls_files.ca_path if self.tls_files else None

    def endpoint(self, node: str) -> NodeEndpoint:
        return self.endpoints[node.lower()]

    def _executor(self, node: str) -> Any:
        def execute(command: Command, host: LabHost) -> CommandResult:
            result = dispatch(self.world, self.world.node(node), command, host)
            if self.on_command is not None:
                self.on_command(node, command)
            return result

        return execute

    def _reachability(self, node: str) -> Callable[[], bool]:
        return lambda: self.world.node(node).reachable

    def start(self) -> LabEmulator:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        context = None
        if self.tls:
            self.tls_files = make_lab_certificates(self.state_dir / "tls")
            context = self.tls_files.server_context()
        if self.auth == "negotiate":
            self._install_ntlm_user()
        for key, lab_node in self.world.nodes.items():
            endpoint = NodeEndpoint(
                lab_node.name,
                self._executor(lab_node.name),
                credentials=self.credentials,
                auth=self.auth,
                tls_context=context,
                allow_unencrypted=self._allow_unencrypted,
                reachable=self._reachability(lab_node.name),
                latency=self.latency,
            )
            endpoint.start()
            if not lab_node.reachable:
                endpoint.go_down()  # keeps its port: clients get "connection refused"
            self.endpoints[key] = endpoint
        return self

    def _install_ntlm_user(self) -> None:
        # pyspnego's NTLM acceptor only reads accounts from this process-wide variable.
        users = self.state_dir / "ntlm-users"
        users.touch(mode=0o600)
        users.write_text(f":{self.credentials.username}:{self.credentials.password}\n")
        self._previous_user_file = os.environ.get(NTLM_USER_FILE)
        os.environ[NTLM_USER_FILE] = str(users)

    def stop(self) -> None:
        # In parallel: each listener takes up to one poll interval to notice.
        with ThreadPoolExecutor(max_workers=max(1, len(self.endpoints))) as pool:
            list(pool.map(NodeEndpoint.stop, self.endpoints.values()))
        if self.auth == "negotiate":
            if self._previous_user_file is None:
                os.environ.pop(NTLM_USER_FILE, None)
            else:
                os.environ[NTLM_USER_FILE] = self._previous_user_file
        if self._own_dir is not None:
            self._own_dir.cleanup()
            return
        # A caller's directory: remove only what this run wrote (the CA dies with the run).
        (self.state_dir / "ntlm-users").unlink(missing_ok=True)
        if self.tls_files is not None:
            self.tls_files.remove()

    def __enter__(self) -> LabEmulator:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def pools_opened(self) -> dict[str, int]:
        return {e.name: e.pools_opened for e in self.endpoints.values()}

    def inventory(self, *, cluster: str, password_env: str, **connection: Any) -> dict[str, Any]:
        """A psrp inventory (plain data, for YAML) that reaches these endpoints. The password is
        referenced by environment variable name only."""
        settings: dict[str, Any] = {
            "transport": "psrp",
            "auth": "basic" if self.auth == "basic" else "ntlm",
            "ssl": self.tls,
            "username": self.credentials.username,
            "password_env": password_env,
        }
        if self.tls_files is not None:
            settings["cert_validation"] = str(self.tls_files.ca_path)
        if self.auth == "basic" and not self.tls:
            settings["insecure"] = True
        settings.update(connection)
        nodes = [
            {"name": e.name, "host": "127.0.0.1", "port": e.port} for e in self.endpoints.values()
        ]
        return {"cluster": {"name": cluster, "nodes": nodes}, "connection": settings}
