"""The Az.StackHCI module on the cmdlet host, and what its version means.

Read with `Get-Module -ListAvailable -Name Az.StackHCI` (every copy on the module path, however it
was installed; `Import-Module`, and so `Register-AzStackHCI`, loads the highest version), not
`Get-InstalledModule`, which only knows modules PowerShellGet installed.
"""

from __future__ import annotations

import attrs

from orchestrator.transport.base import Command, NodeSession

# Azure/azure-powershell src/StackHCI/StackHCI/ChangeLog.md:
SERVICE_CREATES_APPS = (
    1,
    2,
    0,
)  # "All Azure AD related operations are now moved to HCI Cloud Services"
COMMON_GROUP = (1, 4, 2)  # "Unified Resource Group support for both Azure Stack HCI and Arc"
ARC_BY_CLUSTER_IDENTITY = (2, 2, 3)  # "ARC Onboarding using Cluster Managed Identity"
# 2.6.3 (PR #28683's ChangeLog; PR #28612): "Cluster Registration to use Managed Service Identity
# instead of AAD App based registration for new OS versions" and "UnRegistration ... retain the
# ARC machines".
REGISTRATION_BY_CLUSTER_IDENTITY = (2, 6, 3)


def version_tuple(version: str | None) -> tuple[int, ...]:
    """'1.4.1' -> (1, 4, 1); anything unparsable counts as 0 so it compares as old."""
    return tuple(int(p) if p.isdigit() else 0 for p in (version or "0").split("."))


def module_version(session: NodeSession, name: str) -> str | None:
    """The highest version of module `name` on the node's module path; None when absent."""
    result = session.run(Command.cmdlet("Get-Module", ListAvailable=True, Name=name))
    versions = [
        str(m.get("Version"))
        for m in result.output
        if isinstance(m, dict) and m.get("Version") and not result.errors
    ]
    return max(versions, key=version_tuple) if versions else None


# The name the flows used before; the same read.
installed_module_version = module_version


@attrs.frozen
class IdentityModel:
    """What a registration by this Az.StackHCI version creates and keeps (ChangeLog above)."""

    version: str | None

    @property
    def _v(self) -> tuple[int, ...]:
        return version_tuple(self.version)

    @property
    def arc_app(self) -> bool:
        """Registration creates the `<cluster>.arc` app (before 2.2.3)."""
        return self._v < ARC_BY_CLUSTER_IDENTITY

    @property
    def cluster_app(self) -> bool:
        """Registration creates the `<cluster>` app (before 2.6.3)."""
        return self._v < REGISTRATION_BY_CLUSTER_IDENTITY

    @property
    def keeps_arc_machines(self) -> bool:
        """Unregister-AzStackHCI leaves the nodes' Arc machines in place (2.6.3 and later)."""
        return self._v >= REGISTRATION_BY_CLUSTER_IDENTITY

    def describe(self) -> str:
        shown = f"Az.StackHCI {self.version}" if self.version else "Az.StackHCI (not found)"
        if self.keeps_arc_machines:
            return f"{shown}: registers with the cluster's managed identity, keeps Arc machines on unregister"
        if not self.arc_app:
            return f"{shown}: Arc with the cluster's managed identity (no <cluster>.arc app)"
        return f"{shown}: apps <cluster> and <cluster>.arc"
