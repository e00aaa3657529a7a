"""A node's outbound network as it reports it: the machine proxy and an HTTPS probe.

Texts parsed here are the .NET WebException messages Invoke-WebRequest surfaces on Windows
PowerShell 5.1 (docs/lab.md "The cmdlet surface" lists the lab's copies).
"""

from __future__ import annotations

import re
from enum import StrEnum

import attrs

from orchestrator.transport.base import Command, NodeSession
from orchestrator.transport.scripts import HTTPS_PROBES

# Where Windows keeps machine environment variables; `setx NAME VALUE /M` writes here.
MACHINE_ENVIRONMENT = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment"


def machine_proxy(session: NodeSession) -> str | None:
    """The machine-wide `https_proxy` variable (seeds/001 step 3), None when it is not set."""
    result = session.run(
        Command.cmdlet("Get-ItemProperty", Path=MACHINE_ENVIRONMENT, Name="https_proxy")
    )
    if result.errors or not isinstance(result.first, dict):
        return None  # "Property https_proxy does not exist at path ..."
    value = result.first.get("https_proxy")
    return str(value) if value else None


class Reach(StrEnum):
    """How an outbound HTTPS request to one endpoint ends."""

    OK = "ok"
    DNS = "dns"  # the name does not resolve
    FIREWALL = "firewall"  # no TCP connection: dropped or rejected on the way
    PROXY = "proxy"  # refused unless it goes through a proxy (403 Forbidden)
    TLS = "tls"  # TLS chain not trusted: something inspects TLS in between


@attrs.frozen
class HttpsProbe:
    host: str
    reach: Reach
    detail: str = ""


_HTTP_STATUS = re.compile(r"returned an error: \((\d{3})\)")


def classify_web_error(message: str) -> Reach:
    lowered = message.lower()
    if "could not be resolved" in lowered or "no such host" in lowered:
        return Reach.DNS
    status = _HTTP_STATUS.search(message)
    if status is not None:
        # 403 from something in the path / 407: a proxy (or a proxying firewall) wants the
        # request; any other HTTP status is the endpoint itself answering.
        return Reach.PROXY if status.group(1) in ("403", "407") else Reach.OK
    if "trust relationship" in lowered or "ssl/tls" in lowered:
        return Reach.TLS
    return Reach.FIREWALL


def https_probe(session: NodeSession, host: str, proxy: str | None = None) -> HttpsProbe:
    """`Invoke-WebRequest -Uri https://host -UseBasicParsing [-Proxy URL]`."""
    parameters: dict[str, str | bool] = {"Uri": f"https://{host}", "UseBasicParsing": True}
    if proxy:
        parameters["Proxy"] = proxy
    result = session.run(Command.cmdlet("Invoke-WebRequest", **parameters))
    if not result.errors:
        return HttpsProbe(host, Reach.OK)
    message = result.errors[0].message
    reach = classify_web_error(message)
    return HttpsProbe(host, reach, "" if reach is Reach.OK else message)


def https_probes(
    session: NodeSession, hosts: list[str], proxy: str | None = None
) -> list[HttpsProbe]:
    """Every host probed at once on the node, in ONE remote call (issue 16.5): the fixed
    script HTTPS_PROBES runs `Invoke-WebRequest -Uri https://host -UseBasicParsing [-Proxy URL]`
    per host concurrently (transport/scripts.py) and answers one object per host. Same
    classification as `https_probe`; a host the script gave no answer for is a failed probe."""
    if not hosts:
        return []
    parameters: dict[str, str | tuple[str, ...]] = {
        "Uri": tuple(f"https://{host}" for host in hosts)
    }
    if proxy:
        parameters["Proxy"] = proxy
    result = session.run(Command.script_block(HTTPS_PROBES, **parameters))
    answers = {str(item.get("Uri")): item for item in result.output if isinstance(item, dict)}
    probes = []
    for host in hosts:
        answer = answers.get(f"https://{host}")
        if answer is None:
            detail = result.errors[0].message if result.errors else "no answer from the probe"
            probes.append(HttpsProbe(host, Reach.FIREWALL, detail))
            continue
        message = answer.get("Message")
        if not message:
            probes.append(HttpsProbe(host, Reach.OK))
            continue
        reach = classify_web_error(str(message))
        probes.append(HttpsProbe(host, reach, "" if reach is Reach.OK else str(message)))
    return probes
