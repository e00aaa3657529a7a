"""The simulated world: one HCI cluster, its nodes and facts, and the Azure it registers with.

One re-entrant lock guards it, so worker threads may share it. The world holds state and the
few rules that are pure functions of state and virtual time (outbound reachability, what the
portal shows); the cmdlet surface (surface_*.py, via node_ops.py) changes it the way the real
commands would, and scenarios put it into a known fault state. Nothing here knows about flows.
"""

from __future__ import annotations

import hashlib
import random
import threading
import uuid
from datetime import datetime, timedelta
from typing import Any

import attrs

from orchestrator.clouds import clouds
from orchestrator.lab import calls, public_dns, texts
from orchestrator.lab.azure import ARC_NAMESPACE, LabAzure, resource_id
from orchestrator.lab.calls import InFlight
from orchestrator.lab.clock import VirtualClock
from orchestrator.transport.base import CommandResult

# Service names and display names as Get-Service shows them on an HCI node.
SERVICE_DISPLAY_NAMES = {
    "hcisvc": "Azure Stack HCI Management Service",
    "himds": "Azure Hybrid Instance Metadata Service",
}
ENDPOINT_STATES = ("ok", "dns_failure", "firewall_drop", "proxy_required", "tls_inspection")
DEBUG_CHANNEL = "Microsoft-AzureStack-HCI/Debug"
ADMIN_CHANNEL = "Microsoft-AzureStack-HCI/Admin"
APPLICATION_LOG = "Application"
# facts §1.7: default registration log directory; seeds/002: the agent log path on Windows.
REGISTRATION_LOG_DIR = "C:\\ProgramData\\AzureStackHCI\\Registration"
AZCMAGENT_LOG = "C:\\ProgramData\\AzureConnectedMachineAgent\\Log\\azcmagent.log"
# facts §1.5 step 6: the clustered Arc task's transcript on each node.
ARC_TASK_LOG_DIR = "C:\\Windows\\Tasks\\ArcForServers"
# The cluster's DNS domain (Get-Cluster's Domain; the nodes' and the cluster name's suffix).
CLUSTER_DOMAIN = "contoso.local"
# Where a remote PowerShell session starts (its $PWD): the account's Documents folder (Windows
# default; the account name is the lab's). Az.StackHCI before 2.2.0 logs there (facts §1.7).
WORKING_DIRECTORY = "C:\\Users\\hciadmin\\Documents"
# seeds/000 C6 speaks of "a small warmup time after a reboot" without a number; the lab uses 15 min.
WARMUP_S = 15 * 60
# facts §1.4: the registration certificate / AAD credential lives two years.
CERT_LIFETIME = timedelta(days=730)
# seeds/001: no new VMs after 30 days unregistered or unsynced.
LICENSE_GRACE = timedelta(days=30)
# seeds/000 C8: 592 means the node repairs its data by itself; the lab lets that take an hour.
SELF_REPAIR_S = 3600
# hcisvc syncs with Azure on its own; the lab runs that sync at most this often (lab choice).
BACKGROUND_SYNC_S = 3600
# seeds/000 C1: the portal says Disconnected after 8 hours without a sync.
PORTAL_DISCONNECTED_AFTER = timedelta(hours=8)
# The release knob: release -> (CurrentBuildNumber, UBR, DisplayVersion, ProductName) as the
# registry key HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion shows them. Builds from
# orchestrator/facts/os_release.py's sources (stackhci.ps1 constants; azure-stack-docs
# azure-local/release-information-23h2.md: 25398.1251 is 10.2411's OS build). The UBRs of 21H2,
# 22H2 and 24H2 are lab choices; only the build decides the release.
LAB_RELEASES: dict[str, tuple[str, int, str, str]] = {
    "21H2": ("20348", 2113, "21H2", "Azure Stack HCI"),
    "22H2": ("20349", 2113, "22H2", "Azure Stack HCI"),
    "23H2": ("25398", 1251, "23H2", "Azure Stack HCI"),
    "24H2": ("26100", 4349, "24H2", "Azure Stack HCI"),
}


@attrs.define
class LabService:
    name: str
    running: bool = True
    start_type: str = "Automatic"

    @property
    def status(self) -> str:
        return "Running" if self.running else "Stopped"


@attrs.define
class Certificate:
    thumbprint: str
    not_before: datetime
    not_after: datetime


@attrs.define
class ArcAgent:
    """The Connected Machine agent's local state, as `azcmagent show -j` reports it (facts §2.1)."""

    status: str = "Disconnected"  # Connected | Disconnected | Expired
    resource_name: str = ""
    resource_group: str = ""
    subscription_id: str = ""
    tenant_id: str = ""
    location: str = ""
    cloud: str = ""
    resource_id: str = ""
    vm_id: str = ""
    last_heartbeat: datetime | None = None
    agent_version: str = "1.38.02366.832"
    proxy_url: str = ""  # `azcmagent config set proxy.url`
    active_proxy: str = (
        ""  # what himds read when it last started (machine https_proxy or proxy.url)
    )
    identity_expires: datetime | None = (
        None  # the himds managed-identity certificate (30 days, facts §5)
    )


@attrs.define
class EventRecord:
    log: str
    event_id: int
    level: str
    time: datetime
    provider: str
    message: str


@attrs.define
class LabFile:
    content: str
    modified: datetime


@attrs.define
class NodeFaults:
    """Knobs with no direct Windows equivalent: how the node's services misbehave."""

    aad_transient_failures: int = 0  # A4: this many AADTokenFetch attempts fail, then succeed
    time_skew_signature: str = "AADSTS700027"  # A5 / C11: what AAD says when the clock is off
    cert_rotation_fails: bool = (
        False  # C3: cloud rejects this node's certificate (Invalid Audience)
    )
    arc_disable_fails: bool = False  # B2: Disable-AzureStackHCIArcIntegration cannot run here
    arc_projection_delay_s: float = 0.0  # C5: arcSettings shows the node only after this long
    azcm_forced_code: str | None = None  # D1: the next azcmagent command fails with this code
    # F5: this mandatory Azure Local extension ends Failed when it would have succeeded
    extension_failure: str | None = None
    elevated: bool = True  # AZCM0018 when False
    # How long a call runs on this node, by cmdlet name (lower case; "azcmagent connect" for
    # a tool and its verb): virtual seconds in process, real seconds over the wire. A call
    # goes on for its time even when the controller stops waiting (lab/calls.py).
    call_seconds: dict[str, float] = attrs.field(factory=dict)


@attrs.define
class LabNode:
    name: str
    host: str
    reachable: bool = True
    clock_offset_s: float = 0.0
    # What `w32tm /query /status` names as the time source. Default: the Configurator app's
    # default NTP server (azure-stack-docs deployment-without-azure-arc-gateway.md @ 75b24b25:
    # "The default is `time.windows.com`"); "Local CMOS Clock" is a node with no time server.
    time_source: str = "time.windows.com"
    os_build: str = "20348"
    os_ubr: int = 2113
    os_display_version: str = "21H2"
    os_product_name: str = "Azure Stack HCI"
    last_boot: datetime | None = None
    services: dict[str, LabService] = attrs.field(factory=dict)
    # Counts of mutating calls, so tests can prove a step did (not) run twice.
    mutations: dict[str, int] = attrs.field(factory=dict)
    # Outbound reachability per endpoint host; a host not listed is "ok".
    endpoints: dict[str, str] = attrs.field(factory=dict)
    https_proxy: str = ""  # machine environment variable
    # CredSSP or Kerberos delegation lets a session opened here open sessions to other nodes.
    delegation: str | None = "kerberos"
    # PSSessions opened from this node and not removed yet (New-PSSession / Remove-PSSession).
    open_sessions: int = 0
    certificate: Certificate | None = None
    last_connected: datetime | None = None
    last_sync_error: str | None = None
    policy_state: str = "InPolicy"  # InPolicy | OutOfPolicy
    # The Admin event that explains OutOfPolicy (591 repair, 594 data error, 592 self-repair)
    # and when it happened (seeds/000 "Out of policy error").
    policy_event: int | None = None
    policy_since: datetime | None = None
    arc_status: str = "Disabled"  # this node's entry in NodesArcStatus
    arc_pending_until: datetime | None = None
    arc_agent: ArcAgent = attrs.field(factory=ArcAgent)
    events: list[EventRecord] = attrs.field(factory=list)
    files: dict[str, LabFile] = attrs.field(factory=dict)
    modules: dict[str, str] = attrs.field(factory=lambda: {"Az.StackHCI": "2.6.0"})
    debug_channel_enabled: bool = False
    faults: NodeFaults = attrs.field(factory=NodeFaults)
    # Extensions Invoke-AzStackHciArcInitialization started: resource ID -> when it settles.
    extensions_pending: dict[str, datetime] = attrs.field(factory=dict)

    def count(self, what: str) -> None:
        self.mutations[what] = self.mutations.get(what, 0) + 1

    def set_release(self, release: str) -> None:
        """The release knob: the OS this node runs (a key of LAB_RELEASES)."""
        build, ubr, display, product = LAB_RELEASES[release]
        self.os_build, self.os_ubr = build, ubr
        self.os_display_version, self.os_product_name = display, product

    def endpoint_state(self, host: str) -> str:
        """A fault set on this node, else what the public network does with the name: a name
        that does not exist fails to resolve (lab/public_dns.py)."""
        default = "ok" if public_dns.resolves(host) else "dns_failure"
        return self.endpoints.get(host.lower(), default)


@attrs.define
class HciRegistration:
    """What Set-AzureStackHCIRegistration records on the cluster (facts §1.2 step 22)."""

    cloud: str
    subscription_id: str
    tenant_id: str
    resource_group: str
    resource_name: str
    region: str
    resource_id: str
    app_id: str
    registration_date: datetime
    arc_resource_group: str


@attrs.define
class ClusterArc:
    """Initialize-AzureStackHCIArcIntegration's record (facts §1.5 step 3): ClusterArcStatus."""

    status: str = "Disabled"  # Disabled | Enabled | DisableInProgress
    app_id: str = ""  # the `<cluster>.arc` app; empty when Arc onboards with the cluster's MSI
    # The cluster resource's system-assigned identity (object id) that the nodes' agents sign in
    # as when app_id is empty (Az.StackHCI >= 2.2.3, ChangeLog: "ARC Onboarding using Cluster
    # Managed Identity"; stackhci.ps1 @06618c80 Validate-MSIForArc / Register-ArcForServers).
    principal_id: str = ""
    tenant_id: str = ""
    subscription_id: str = ""
    resource_group: str = ""
    region: str = ""
    cloud: str = ""


@attrs.define
class LabCluster:
    name: str = "hci01"
    # The failover cluster's own unique ID (Get-Cluster's Id); "" means derived from the
    # world's seed and name (LabWorld.cluster_id), so no RNG draw shifts the other GUIDs.
    id: str = ""
    created: datetime | None = None
    registration: HciRegistration | None = None
    arc: ClusterArc = attrs.field(factory=ClusterArc)
    last_background_sync: datetime | None = None
    # When Unregister-AzStackHCI last cleared the registration: the cluster then reads
    # RegistrationStatus OutOfPolicy with an empty AzureResourceUri until registered again.
    unregistered_at: datetime | None = None
    # The registration log folder the ArcRegistrationTask records (Env:\ArcLogsDirectory), which
    # later Register-/Unregister-AzStackHCI runs and Get-AzStackHCILogsDirectory reuse while the
    # cluster is registered (stackhci.ps1 @06618c80, Setup-Logging / Get-LogsDirectoryHelper).
    logs_directory: str = ""


@attrs.define
class LabTarget:
    """The Azure side the world was built for (from the inventory), and the operator's account."""

    cloud: str = "AzureCloud"
    tenant_id: str = ""
    subscription_id: str = ""
    region: str = "eastus"
    resource_group: str = "hci01-rg"
    caller_id: str = ""
    caller_upn: str = "hciadmin@contoso.onmicrosoft.com"


@attrs.frozen
class Egress:
    """The outcome of one outbound HTTPS attempt from a node."""

    ok: bool
    failure: str | None = None  # dns | drop | forbidden | tls
    ip: str = ""


def fake_ip(host: str) -> str:
    digest = hashlib.sha256(host.lower().encode()).digest()
    return f"40.{digest[0]}.{digest[1]}.{max(digest[2], 1)}"


class CountingRandom(random.Random):
    """The world's generator, counting what moves its state (draws, seeding, restoring): the
    snapshotting lab compares the count, not the 625-number state, to tell whether it moved.
    Both primitives are overridden and delegate, so every draw gives what random.Random's
    would (random.Random.__init_subclass__ keeps the getrandbits-based `_randbelow`)."""

    moves = 0

    def random(self) -> float:
        self.moves += 1
        return super().random()

    def getrandbits(self, k: int, /) -> int:
        self.moves += 1
        return super().getrandbits(k)

    def seed(self, *args: Any, **kwargs: Any) -> None:
        self.moves += 1
        super().seed(*args, **kwargs)

    def setstate(self, state: Any) -> None:
        self.moves += 1
        super().setstate(state)


class NodeTable(dict[str, "LabNode"]):
    """The world's nodes by lower-case name, noting in `seen` (when it is a set) every node
    handed out or stored: the snapshotting lab (lab/snapshot.py SnapshotFile) serialises again
    only those, so a command's save costs what the command could reach, not the whole world
    (issue 16.6). Noting a node that was only read is harmless: its text compares equal."""

    seen: set[str] | None = None

    def _note(self, key: str) -> None:
        seen = self.seen
        if seen is not None:
            seen.add(key)

    note = _note  # a node changed without being looked up (LabWorld.changed)

    def _note_all(self) -> None:
        seen = self.seen
        if seen is not None:
            seen.update(dict.keys(self))

    def __getitem__(self, key: str) -> LabNode:
        self._note(key)
        return dict.__getitem__(self, key)

    def __setitem__(self, key: str, node: LabNode) -> None:
        self._note(key)
        dict.__setitem__(self, key, node)

    def __delitem__(self, key: str) -> None:
        self._note(key)
        dict.__delitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        self._note(key)
        return dict.get(self, key, default)

    def values(self) -> Any:
        self._note_all()
        return dict.values(self)

    def items(self) -> Any:
        self._note_all()
        return dict.items(self)

    def __iter__(self) -> Any:
        self._note_all()
        return dict.__iter__(self)

    def pop(self, key: str, *default: Any) -> Any:
        self._note(key)
        return dict.pop(self, key, *default)


class WorldLock:
    """The world's re-entrant lock, counting in `changes` every time it is taken to change the
    world. Whoever takes it (`with world.lock:`) is taken to change something, whatever it
    does: a cmdlet that does, the Azure control plane, a scenario, a test. Only a command whose
    handler reads only (lab/handlers.py `handles(..., reads_only=...)`) holds it `reading()`,
    and what settles during it counts itself (`LabWorld.changed`). The snapshotting lab
    (lab/snapshot.py SnapshotFile) compares the world with its file only when the count moved:
    a read costs no comparison and no write (issue 16.6)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.changes = 0
        self._reading = 0  # > 0 while the holder reads only (set and read by the holder)
        self._writing: list[bool] = []  # per plain `with`, outermost first: counted a change?

    def __enter__(self) -> WorldLock:
        self._lock.acquire()
        counted = not self._reading
        if counted:
            self.changes += 1
        self._writing.append(counted)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._writing.pop()
        self._lock.release()

    @property
    def is_reading(self) -> bool:
        """Whether the holder (who asks) holds the lock for a read only: no enclosing hold of
        it counted a change, so nobody will change the world before the read lets go."""
        return self._reading > 0 and not any(self._writing)

    def reading(self) -> _Reading:
        """Hold the lock for a read: nothing counted, also for nested `with world.lock:`."""
        return _Reading(self)


class _Reading:
    def __init__(self, lock: WorldLock) -> None:
        self.lock = lock

    def __enter__(self) -> None:
        lock = self.lock
        lock._lock.acquire()
        lock._reading += 1

    def __exit__(self, *_exc: object) -> None:
        lock = self.lock
        lock._reading -= 1
        lock._lock.release()


def _self_repair_due(node: LabNode) -> datetime | None:
    """When a node out of policy after event 592 repairs itself (SELF_REPAIR_S later)."""
    if node.policy_event == 592 and node.policy_since is not None:
        return node.policy_since + timedelta(seconds=SELF_REPAIR_S)
    return None


def _identity_expiry_due(node: LabNode) -> datetime | None:
    """When a connected Arc agent's identity certificate expires (seeds/000 C7)."""
    agent = node.arc_agent
    if agent.status == "Connected" and agent.identity_expires is not None:
        return agent.identity_expires
    return None


class LabWorld:
    def __init__(self, *, seed: int = 0, clock: VirtualClock | None = None) -> None:
        self.seed = seed
        self.random = CountingRandom(seed)
        self.clock = clock or VirtualClock()
        self.lock = WorldLock()
        self._settled_at: datetime | None = None  # when every node was last settled
        # After a full settle held for a read: the lock's change count then, and the earliest
        # moment a rule of time can fire anywhere (None: none pending). While both still hold,
        # a command needs only its own node settled (settle()).
        self._quiet_at_changes: int | None = None
        self._next_due: datetime | None = None
        self.nodes: dict[str, LabNode] = NodeTable()
        self.cluster = LabCluster(created=self.clock.now() - timedelta(days=3))
        self.target = LabTarget()
        self.azure = LabAzure(self.clock, self.new_guid)
        # Calls running on nodes (lab/calls.py): in memory only, like the node processes
        # that run them; the markers they hold open; what finished calls wrote.
        self.in_flight: list[InFlight] = []
        self.locked_files: set[tuple[str, str]] = set()
        self.finished_calls: dict[tuple[str, str], CommandResult] = {}
        self.failed_calls: dict[tuple[str, str], Exception] = {}
        # Over the wire a long call takes real time (the emulator sets it); in process the
        # controller waits on the virtual clock.
        self.real_time_calls = False
        # What the world was made from (lab/origin.py), kept in snapshots: a command whose
        # inventory asks for another world is told so instead of using this one silently.
        self.origin: dict[str, Any] | None = None
        self.configure_target()

    def changed(self, node: LabNode | None = None) -> None:
        """Something changed while the lock was held for a read (a rule of time that fired
        during a read-only command's settle): count it, and note `node` (the one it changed),
        so the snapshot compares it (WorldLock, NodeTable)."""
        self.lock.changes += 1
        if node is not None and isinstance(self.nodes, NodeTable):
            self.nodes.note(node.name.lower())

    # --- construction --------------------------------------------------------------------------

    def new_guid(self) -> str:
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4))

    def new_thumbprint(self) -> str:
        return f"{self.random.getrandbits(160):040X}"

    def configure_target(
        self,
        *,
        cluster: str | None = None,
        cloud: str = "AzureCloud",
        tenant_id: str | None = None,
        subscription_id: str | None = None,
        region: str | None = None,
        resource_group: str | None = None,
    ) -> LabTarget:
        """(Re)build Azure around one tenant and subscription where the operator is Owner."""
        with self.lock:
            if cluster:
                self.cluster.name = cluster
            self.azure = LabAzure(self.clock, self.new_guid)
            tenant = tenant_id or self.new_guid()
            subscription = subscription_id or self.new_guid()
            self.azure.add_tenant(tenant, cloud)
            self.azure.add_subscription(subscription, tenant)
            user = self.azure.add_user(self.target.caller_upn, [tenant])
            self.azure.assign_role(user.object_id, "Owner", f"/subscriptions/{subscription}")
            self.target = LabTarget(
                cloud=cloud,
                tenant_id=tenant,
                subscription_id=subscription,
                region=region or next(iter(clouds()[cloud].regions)),
                resource_group=resource_group or f"{self.cluster.name}-rg",
                caller_id=user.object_id,
                caller_upn=user.name,
            )
            # seeds/001: register into "a pre-existing resource group".
            self.azure.seed_group(subscription, self.target.resource_group, self.target.region)
            return self.target

    def add_node(self, name: str, host: str | None = None) -> LabNode:
        with self.lock:
            # Boot times are spread deterministically over the last days.
            booted = self.clock.now() - timedelta(hours=24 + self.random.randint(0, 96))
            node = LabNode(
                name=name,
                host=host or name,
                last_boot=booted,
                services={n: LabService(n) for n in SERVICE_DISPLAY_NAMES},
            )
            self.nodes[name.lower()] = node
            return node

    def node(self, name: str) -> LabNode:
        return self.nodes[name.lower()]

    def cluster_id(self) -> str:
        """The failover cluster's unique ID, as Get-Cluster reports it and hcisvc reports it to
        Azure (`reportedProperties.clusterId`)."""
        return self.cluster.id or str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"lab-cluster:{self.seed}:{self.cluster.name.lower()}")
        )

    def node_by_host(self, name: str) -> LabNode | None:
        return self.hosts().get(name.lower())

    def hosts(self) -> dict[str, LabNode]:
        """Every name a node answers to (its name, host, and the host's first label), lower
        case, the first node in order winning a clash: one pass for a command that looks up
        many names (New-PSSession to every node), instead of one pass per name."""
        index: dict[str, LabNode] = {}
        for node in self.nodes.values():
            host = node.host.lower()
            for key in (node.name.lower(), host, host.split(".")[0]):
                index.setdefault(key, node)
        return index

    def ordered_nodes(self) -> list[LabNode]:
        return list(self.nodes.values())

    def caller_token(self, *, lifetime_s: int = 3600) -> str:
        """An ARM token for the operator's account (what azure-identity would hand the controller)."""
        with self.lock:
            return self.azure.issue_token(
                self.target.caller_id, self.target.tenant_id, lifetime_s=lifetime_s
            )

    # --- time ----------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def node_time(self, node: LabNode) -> datetime:
        return self.clock.now() + timedelta(seconds=node.clock_offset_s)

    def in_warmup(self, node: LabNode) -> bool:
        return (
            node.last_boot is not None and (self.now() - node.last_boot).total_seconds() < WARMUP_S
        )

    def settle(self, node: LabNode | None = None) -> None:
        """Apply what virtual time alone changes (C5's delayed Arc projection, C7's expiry,
        calls that finish by themselves).

        With `node` (a command addressed to it, issue 16.6), only `node` is settled when no
        other node can have anything due, which keeps a call's cost independent of the number
        of nodes (10,000 standalone servers in arc-onboard; 64 served nodes over the wire,
        where the clock is real and moves between any two commands):
        - virtual time has not moved since the last full settle and no cluster is registered
          (no background sync, no arcSettings to project from every node): the other nodes'
          rules are functions of their own state, which this command cannot reach, and of
          time, which stood still; or
        - nothing has changed the world since a full settle held for a read (`_quiet`), and
          the earliest moment any rule of time can fire (`_next_due`: a node's self-repair,
          extension, Arc projection or identity expiry, the cluster's background sync) has
          not come. The projection of arcSettings reads only state, so it cannot differ.
        The other nodes are settled at their own next command or the next full settle."""
        with self.lock:
            calls.finish_due(self)
            now = self.now()
            if node is not None and (
                (self.cluster.registration is None and now == self._settled_at) or self._quiet(now)
            ):
                self._settle_node(node, now)
                return
            # Not noting every node (dict.values): a rule that fires notes its node itself
            # (changed), so a read on a registered cluster compares nothing (issue 16.6).
            for each in dict.values(self.nodes):
                self._settle_node(each, now)
            self._background_sync(now)
            self._project_arc_settings()
            self._settled_at = now
            # A holder that changes the world may go on changing it after this settle (its
            # handler runs next, and its changes were counted when it took the lock): only a
            # settle held for a read leaves the world as it found it.
            self._quiet_at_changes = self.lock.changes if self.lock.is_reading else None
            self._next_due = self._earliest_due()

    def _quiet(self, now: datetime) -> bool:
        return self._quiet_at_changes == self.lock.changes and (
            self._next_due is None or now < self._next_due
        )

    def _earliest_due(self) -> datetime | None:
        """The first moment a rule of `_settle_node` or `_background_sync` can fire: the same
        due moments those rules compare with, so a rule added there is seen here."""
        due: list[datetime] = []
        for node in dict.values(self.nodes):  # read only: not noted (NodeTable)
            due.extend(node.extensions_pending.values())
            due.extend(
                moment
                for moment in (
                    _self_repair_due(node),
                    node.arc_pending_until,
                    _identity_expiry_due(node),
                )
                if moment is not None
            )
        sync = self._background_sync_due()
        if sync is not None:
            due.append(sync)
        return min(due, default=None)

    def _settle_node(self, node: LabNode, now: datetime) -> None:
        repair = _self_repair_due(node)
        if repair is not None and now >= repair:
            self.changed(node)
            self.back_in_policy(node)
        self._settle_extensions_of(node, now)
        if node.arc_pending_until is not None and now >= node.arc_pending_until:
            self.changed(node)
            node.arc_pending_until = None
        expiry = _identity_expiry_due(node)
        if expiry is not None and now >= expiry:
            self.changed(node)
            agent = node.arc_agent
            agent.status = "Expired"
            machine = self.azure.find(agent.resource_id)
            if machine is not None:
                machine.properties["status"] = "Expired"

    def _background_sync_due(self) -> datetime | None:
        last = self.cluster.last_background_sync
        if self.cluster.registration is None or last is None:
            return None
        return last + timedelta(seconds=BACKGROUND_SYNC_S)

    def _background_sync(self, now: datetime) -> None:
        """hcisvc's periodic sync: each node not warming up calls the cloud service. Unlike an
        explicit Sync-AzureStackHCI it never sends a census without a node (seeds/000 C6)."""
        from orchestrator.lab import node_ops

        due = self._background_sync_due()
        if due is None or now < due:
            return
        self.changed()  # (the nodes it syncs are noted: nodes.values())
        self.cluster.last_background_sync = now
        synced = False
        for node in self.nodes.values():
            if node.reachable and not self.in_warmup(node) and node.certificate is not None:
                synced = node_ops.sync_node(self, node) is None or synced
        registration = self.cluster.registration
        resource = self.azure.find(registration.resource_id) if registration else None
        if synced and resource is not None:
            resource.properties["lastSyncTimestamp"] = now.isoformat()

    # --- outbound network ----------------------------------------------------------------------

    def settle_extensions(self) -> None:
        """Extensions whose install time has passed end Succeeded, or Failed on a node whose
        `faults.extension_failure` names them (a rule of state and virtual time)."""
        with self.lock:
            now = self.now()
            for node in self.nodes.values():
                self._settle_extensions_of(node, now)

    def _settle_extensions_of(self, node: LabNode, now: datetime) -> None:
        for rid, ready in list(node.extensions_pending.items()):
            if now < ready:
                continue
            self.changed(node)
            del node.extensions_pending[rid]
            resource = self.azure.find(rid)
            if resource is None:
                continue
            if resource.name == node.faults.extension_failure:
                resource.properties["provisioningState"] = "Failed"
                resource.properties["instanceView"] = {
                    "name": resource.name,
                    "status": {
                        "code": "1",
                        "level": "Error",
                        "message": texts.EXTENSION_ENABLE_TIMED_OUT,
                    },
                }
            else:
                resource.properties["provisioningState"] = "Succeeded"

    def egress(self, node: LabNode, host: str, *, proxy: str = "") -> Egress:
        state = node.endpoint_state(host)
        ip = fake_ip(host)
        if state == "ok" or (state == "proxy_required" and proxy):
            return Egress(True, ip=ip)
        failure = {
            "dns_failure": "dns",
            "firewall_drop": "drop",
            "proxy_required": "forbidden",
            "tls_inspection": "tls",
        }[state]
        return Egress(False, failure, "" if failure == "dns" else ip)

    def endpoints(self, cloud: str) -> dict[str, str]:
        return clouds()[cloud].endpoints

    # --- logs on nodes -------------------------------------------------------------------------

    def log_event(
        self, node: LabNode, log: str, event_id: int, level: str, message: str, provider: str
    ) -> None:
        if log == DEBUG_CHANNEL and not node.debug_channel_enabled:
            return  # a disabled analytic/debug channel records nothing
        node.events.append(
            EventRecord(log, event_id, level, self.node_time(node), provider, message)
        )

    def admin_event(self, node: LabNode, event_id: int) -> None:
        level, message = texts.ADMIN_EVENTS[event_id]
        self.log_event(node, ADMIN_CHANNEL, event_id, level, message, "Microsoft-AzureStack-HCI")

    def out_of_policy(self, node: LabNode, event_id: int) -> None:
        """Put a node OutOfPolicy for the reason `event_id` (591, 592 or 594), with its events."""
        node.policy_state = "OutOfPolicy"
        node.policy_event = event_id
        node.policy_since = self.now()
        self.admin_event(node, 585)
        self.admin_event(node, event_id)

    def back_in_policy(self, node: LabNode) -> None:
        node.policy_state = "InPolicy"
        node.policy_event = None
        node.policy_since = None

    def debug_line(self, node: LabNode, message: str) -> None:
        self.log_event(node, DEBUG_CHANNEL, 1, "Information", message, "Microsoft-AzureStack-HCI")

    def append_file(self, node: LabNode, path: str, line: str) -> None:
        stamp = self.node_time(node)
        existing = node.files.get(path)
        content = (existing.content if existing else "") + line + "\n"
        node.files[path] = LabFile(content, stamp)

    # --- what the portal shows -----------------------------------------------------------------

    def arc_settings_id(self) -> str | None:
        reg = self.cluster.registration
        return f"{reg.resource_id}/arcSettings/default" if reg else None

    def machine_id(self, node: LabNode, subscription: str, group: str) -> str:
        return resource_id(subscription, group, f"{ARC_NAMESPACE}/machines", node.name)

    def portal_arc_state(self, node: LabNode) -> str:
        """The per-node Arc state the portal shows for the cluster: Connected / Not Installed / ..."""
        with self.lock:
            return self._portal_arc_state(node)

    def _portal_arc_state(self, node: LabNode) -> str:
        self.settle()
        reg = self.cluster.registration
        if reg is None:
            return "Not Installed"
        settings = self.azure.find(f"{reg.resource_id}/arcSettings/default")
        if settings is None:
            return "Not Installed"
        for detail in settings.properties.get("perNodeDetails", []):
            if detail["name"].lower() == node.name.lower():
                return str(detail["state"])
        return "Not Installed"

    def _project_arc_settings(self) -> None:
        reg = self.cluster.registration
        if reg is None:
            return
        settings = self.azure.find(f"{reg.resource_id}/arcSettings/default")
        if settings is None:
            return
        arc_group = reg.arc_resource_group
        rp = self.azure.hci_rp_principal(reg.tenant_id)
        rp_role = self.azure.has_assignment(
            rp.object_id,
            "Azure Connected Machine Resource Manager",
            f"/subscriptions/{reg.subscription_id}/resourceGroups/{arc_group}",
        )
        details = []
        for node in dict.values(self.nodes):  # read only: not noted (NodeTable)
            machine = self.azure.find(self.machine_id(node, reg.subscription_id, arc_group))
            if machine is None or not rp_role or node.arc_pending_until is not None:
                state = (
                    "Not Installed"  # seeds/000 "Azure Arc connection in portal says Not Installed"
                )
            elif machine.properties.get("status") == "Connected":
                state = "Connected"
            else:
                state = str(machine.properties.get("status", "Disconnected"))
            details.append(
                {"name": node.name, "arcInstance": machine.id if machine else "", "state": state}
            )
        states = {d["state"] for d in details}
        aggregate = (
            settings.properties.get("aggregateState")
            if settings.properties.get("aggregateState") == "DisableInProgress"
            else "Connected"
            if states == {"Connected"}
            else "PartiallyConnected"
            if "Connected" in states
            else "NotSpecified"
        )
        projected = {"perNodeDetails": details, "aggregateState": aggregate}
        if any(settings.properties.get(key) != value for key, value in projected.items()):
            self.changed()  # counted only when the projection differs (a read settles it too)
            settings.properties.update(projected)

    def portal_connection(self) -> str | None:
        """The cluster resource's 'Azure Connection' text (seeds/000 C1)."""
        with self.lock:
            self.settle()
            return self._portal_connection()

    def _portal_connection(self) -> str | None:
        reg = self.cluster.registration
        resource = self.azure.find(reg.resource_id) if reg else None
        if resource is None:
            return None
        last = resource.properties.get("lastSyncTimestamp")
        if last is None:
            return "Not connected yet"
        if self.now() - datetime.fromisoformat(str(last)) > PORTAL_DISCONNECTED_AFTER:
            return texts.PORTAL_DISCONNECTED_8H
        return "Connected"

    # --- snapshot ------------------------------------------------------------------------------

    def to_json(self, *, tokens: bool = True) -> dict[str, Any]:
        from orchestrator.lab.snapshot import world_to_json

        with self.lock:
            return world_to_json(self, tokens=tokens)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LabWorld:
        from orchestrator.lab.snapshot import world_from_json

        return world_from_json(data)
