"""Which Azure Stack HCI / Azure Local release a node runs, read the way Az.StackHCI reads it.

Az.StackHCI's Register-AzStackHCI (Azure/azure-powershell
src/StackHCI/StackHCI.Autorest/custom/stackhci.ps1 @ 06618c806a1a89a1cc6b7c787f32c5b30d7023f3,
`$osVersionDetectoid`) reads the OS as
`(Get-ItemProperty -Path "HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion").DisplayVersion`
and `(Get-CimInstance -ClassName CIM_OperatingSystem).BuildNumber`; this module sends the same
two commands, structurally, and also keeps ProductName and UBR from the same registry key.

Builds to releases (the `RELEASES` table) come from Microsoft's release pages
(MicrosoftDocs/azure-stack-docs) and the module's own constants:

- 17784: Azure Stack HCI 20H2 (stackhci.ps1 `$GAOSBuildNumber = 17784`)
- 20348: Azure Stack HCI 21H2 (stackhci.ps1 `$V2OSBuildNumber = 20348`)
- 20349: Azure Stack HCI 22H2 (stackhci.ps1 `$22H2BuildNumber = 20349`)
- 25398: Azure Local 23H2 (azure-local/release-information-23h2.md @ 000750f2ac73: every
  10.2311 .. 10.2411 release lists "OS Build 25398.<ubr>")
- 26100: Azure Local 24H2 (the same page @ a38070fc06bf6bd368181f58da635211803fdec1, ms.date
  10/22/2025, titled "Azure Local, version 23H2 and 24H2 release information": its table
  "Solution version | OS build" has "12.25xx | 26100.xxxx", and "Each Azure Local release is
  supported for 6 months, whether you're on 23H2 (11.x.x.x) or 24H2 (12.x.x.x)"; "End of
  support for 23H2 (OS version 25398.xxxx)"; e.g. 12.2510.x.x ships OS build 26100.6887)

Where the Arc-first era starts: stackhci.ps1 declares `$23H2BuildNumber = 20350` and treats
every build `-ge $23H2BuildNumber` as 23H2 (its cloud-management-infra switch), so any build
from 20350 up is handled as Azure Local 23H2 or later, including builds the table does not name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from orchestrator.errors import RemoteCommandError
from orchestrator.facts.hci import run_checked
from orchestrator.transport.base import Command, NodeSession

CURRENT_VERSION_KEY = "HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
# stackhci.ps1 `$23H2BuildNumber = 20350`: from here on the module treats the OS as 23H2+.
ARC_FIRST_FROM_BUILD = 20350
# build -> (product line, release); see the module docstring for each row's source.
RELEASES: dict[int, tuple[str, str]] = {
    17784: ("Azure Stack HCI", "20H2"),
    20348: ("Azure Stack HCI", "21H2"),
    20349: ("Azure Stack HCI", "22H2"),
    25398: ("Azure Local", "23H2"),
    26100: ("Azure Local", "24H2"),
}
RELEASE_SOURCE = (
    "MicrosoftDocs/azure-stack-docs azure-local/release-information-23h2.md @ a38070fc "
    "(25398 = 23H2, 26100 = 24H2); Az.StackHCI stackhci.ps1 "
    "($V2OSBuildNumber 20348, $22H2BuildNumber 20349, $23H2BuildNumber 20350)"
)


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


@attrs.frozen
class OsRelease:
    """The node's OS as the registration module sees it, and the release it maps to."""

    build: int
    ubr: int | None = None
    display_version: str | None = None
    product_name: str | None = None

    @property
    def arc_first(self) -> bool:
        """Azure Local 23H2 or later: machines are registered Arc-first, Register-AzStackHCI
        is not the way, and undoing an Arc registration means reinstalling the OS."""
        return self.build >= ARC_FIRST_FROM_BUILD

    @property
    def release(self) -> str:
        known = RELEASES.get(self.build)
        if known is not None:
            return known[1]
        if self.build > max(RELEASES):
            return "later than 24H2"
        if self.arc_first:
            return "23H2 or later"
        return "unknown"

    @property
    def product(self) -> str:
        known = RELEASES.get(self.build)
        if known is not None:
            return known[0]
        return "Azure Local" if self.arc_first else "Azure Stack HCI"

    @property
    def full_build(self) -> str:
        return f"{self.build}.{self.ubr}" if self.ubr is not None else str(self.build)

    def describe(self) -> str:
        """`Azure Local 23H2 (build 25398.1251, DisplayVersion 23H2)`."""
        shown = f", DisplayVersion {self.display_version}" if self.display_version else ""
        return f"{self.product} {self.release} (build {self.full_build}{shown})"


def read_os_info(session: NodeSession) -> dict[str, Any]:
    """`Get-CimInstance -ClassName CIM_OperatingSystem`, the read stackhci.ps1 takes BuildNumber
    from. On Windows it returns the one Win32_OperatingSystem instance (Win32_OperatingSystem
    derives from CIM_OperatingSystem), with `BuildNumber` and `LastBootUpTime` (Microsoft Learn,
    windows/win32/cimwin32prov/win32-operatingsystem and cim-operatingsystem)."""
    info = run_checked(
        session, Command.cmdlet("Get-CimInstance", ClassName="CIM_OperatingSystem")
    ).first
    return info if isinstance(info, dict) else {}


def os_info_build(info: Mapping[str, Any]) -> int | None:
    """The build number in a CIM_OperatingSystem answer (None when it has none)."""
    return _int(info.get("BuildNumber"))


def read_os_release(session: NodeSession, os_info: Mapping[str, Any] | None = None) -> OsRelease:
    """The two reads of stackhci.ps1's `$osVersionDetectoid`; a failure raises RemoteCommandError.
    `os_info`: this run's CIM_OperatingSystem answer for the node, when it was read already
    (the run guard's, issue 16): then only the registry key is read."""
    key = run_checked(session, Command.cmdlet("Get-ItemProperty", Path=CURRENT_VERSION_KEY)).first
    info = read_os_info(session) if os_info is None else os_info
    values: dict[str, Any] = key if isinstance(key, dict) else {}
    build = os_info_build(info) or _int(values.get("CurrentBuildNumber"))
    if build is None:
        raise RemoteCommandError(
            session.node, "Get-CimInstance -ClassName CIM_OperatingSystem", "no BuildNumber"
        )
    display = values.get("DisplayVersion")
    product = values.get("ProductName")
    return OsRelease(
        build=build,
        ubr=_int(values.get("UBR")),
        display_version=str(display) if display else None,
        product_name=str(product) if product else None,
    )
