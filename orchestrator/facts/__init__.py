"""Facts: read-only queries of a node, parsed into value objects (pyinfra's "facts").

Steps and checks read state through these so each command's output is parsed in one place.
"""

from orchestrator.facts.hci import (
    ArcAgent,
    ArcIntegration,
    Registration,
    last_boot,
    read_arc_agent,
    read_arc_integration,
    read_registration,
    run_checked,
)
from orchestrator.facts.network import (
    HttpsProbe,
    Reach,
    https_probe,
    https_probes,
    machine_proxy,
)

__all__ = [
    "ArcAgent",
    "ArcIntegration",
    "HttpsProbe",
    "Reach",
    "Registration",
    "https_probe",
    "https_probes",
    "last_boot",
    "machine_proxy",
    "read_arc_agent",
    "read_arc_integration",
    "read_registration",
    "run_checked",
]
