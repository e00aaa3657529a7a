"""The lab's public DNS for the Arc hybrid identity service (HIS) zones: which names exist.

Every other public name answers (a node's `endpoints` faults aside). In the HIS zones only the
names Microsoft lists exist, so a tool that builds `<region name>.his.arc.azure.com` meets the
name-resolution failure it would meet on a real network. The names are those of Microsoft's
per-region Azure Local endpoint lists, Azure/AzureStack-Tools @ 72dae15c0b869940370e798210e26fc956943df4
(each "last updated on November 27th, 2025"), component "Azure Local Arc agent", "For <Region>
metadata and hybrid identity services": HCI/EastUSendpoints/eastus-hci-endpoints.md row 30
(eus), HCI/WestEuropeendpoints/westeurope-hci-endpoints.md row 28 (weu),
HCI/AustraliaEastendpoints/AustraliaEast-hci-endpoints.md row 27 (ae),
HCI/SouthEastAsiaEndpoints/southeastasia-hci-endpoints.md row 28 (sea),
HCI/IndiaCentralEndpoints/IndiaCentral-hci-endpoints.md row 27 (pn),
HCI/CanadaCentralEndpoints/canadacentral-hci-endpoints.md row 28 (cc),
HCI/JapanEastEndpoints/japaneast-hci-endpoints.md row 27 (je),
HCI/SouthCentralUSEndpoints/southcentralus-hci-endpoints.md row 27 (scus), gbl in each;
HCI/usgovvirginia-hci-endpoints/usgovvirginia-hci-endpoints.md rows 12-13 (gbl, usgv).
LAB MODEL: which names do NOT exist is inferred from those lists, not observed in DNS.
"""

from __future__ import annotations

HIS_ZONES: dict[str, frozenset[str]] = {
    "his.arc.azure.com": frozenset({"gbl", "eus", "weu", "ae", "sea", "pn", "cc", "je", "scus"}),
    "his.arc.azure.us": frozenset({"gbl", "usgv"}),
}


def resolves(host: str) -> bool:
    """Whether the lab's public DNS has a record for `host`."""
    label, _, zone = host.lower().partition(".")
    names = HIS_ZONES.get(zone)
    return names is None or label in names
