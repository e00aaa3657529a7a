"""The WS-Management envelopes of a command's requests, from a template per pool (issue 16,
docs/psrp.md "What a command costs on the wire").

pypsrp 0.9.1 builds every request's SOAP envelope as an ElementTree and serializes it
(jborean93/pypsrp `src/pypsrp/wsman.py` v0.9.1, `WSMan.invoke` and `_create_header`): a dozen
header elements (MS-WSMV 2.2.4: Action, DataLocale, Locale, MaxEnvelopeSize, MessageID,
OperationTimeout, ReplyTo, ResourceURI, SessionId, To, OptionSet, SelectorSet) around the body
`WinRS` made (`shell.py`: `command`, `receive`, `signal`), ~70 us a request, a tenth of the
controller's CPU per command (bench/README.md, session 7). For the three requests of every
command (Command, Receive, Signal) the bytes differ from one command to the next only in ids:
the message's `wsa:MessageID` (a new uuid4 per request, MS-WSMV 3.1.4.1.2), the pipeline's
`CommandId` (MS-WSMV 3.1.4.11-14) and, for Command, the base64 CreatePipeline fragment in
`rsp:Arguments` (MS-PSRP 3.1.5.3.5). Everything else comes from the pool (its ShellId selector,
SessionId, endpoint, locale, envelope size, operation timeout) or from what pypsrp passes.

`TemplatedWSMan.invoke` makes the first envelope of each kind with pypsrp's own code
(`_create_header`, ElementTree), sends it, and keeps its bytes cut at those ids; the later
ones of that kind are the template joined with the new ids: byte for byte what pypsrp would
have serialized (tests/protocol/test_psrp_envelopes.py). The kind is everything the envelope is
made of but the ids: the action, resource URI, option and selector sets, timeout, the body's
shape (its stream or signal code) and the WSMan values `_create_header` reads. Only bodies of
the exact shapes `WinRS` builds, with ids of the shape pypsrp and Windows use (upper-case
GUIDs) and base64 arguments, are made from a template: nothing in them needs XML escaping, so
joining cannot differ from ElementTree's writing. Anything else (Create, Delete, Send, a pool's
own Receive, an unexpected id) is pypsrp's own path. The template is cut out of the envelope
around the fragment, so what a fragment carries (a parameter value) is never kept. What
follows the send (a WS-Management fault, the answer's RelatesTo check) is pypsrp's, repeated
here as it is in `WSMan.invoke` (pinned by digest in the tests).
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
import xml.etree.ElementTree as ET
from typing import Any

from pypsrp.exceptions import WinRMError, WinRMTransportError
from pypsrp.wsman import NAMESPACES, WSMan, WSManAction

log = logging.getLogger(__name__)

_RSP = "{" + NAMESPACES["rsp"] + "}"
_GUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\Z")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}\Z")
_ACTIONS = (WSManAction.COMMAND, WSManAction.RECEIVE, WSManAction.SIGNAL)


class EnvelopeCounts:
    """How a transport's pools made their envelopes (tests count, never time)."""

    def __init__(self) -> None:
        self.built = 0  # by pypsrp's own code (ElementTree)
        self.from_template = 0
        self._lock = threading.Lock()

    def count(self, *, from_template: bool) -> None:
        with self._lock:
            if from_template:
                self.from_template += 1
            else:
                self.built += 1


def _leaf(element: ET.Element, tag: str, attributes: tuple[str, ...]) -> bool:
    return (
        element.tag == tag
        and len(element) == 0
        and element.tail is None
        and tuple(element.attrib) == attributes
    )


def _ids(value: str | None) -> bool:
    return value is not None and _GUID.match(value) is not None


def body_shape(
    action: str, resource: ET.Element | None
) -> tuple[tuple[Any, ...], list[str]] | None:
    """(the body's shape, its ids in document order) for a body `WinRS` built (pypsrp shell.py
    v0.9.1), or None for anything else."""
    if resource is None or resource.tail is not None or resource.text is not None:
        return None
    if action == WSManAction.RECEIVE:
        # <rsp:Receive><rsp:DesiredStream CommandId="...">stdout</rsp:DesiredStream></rsp:Receive>
        if resource.tag != _RSP + "Receive" or resource.attrib or len(resource) != 1:
            return None
        stream = resource[0]
        command_id = stream.get("CommandId")
        if not _leaf(stream, _RSP + "DesiredStream", ("CommandId",)) or not _ids(command_id):
            return None
        assert command_id is not None
        return ("Receive", stream.text), [command_id]
    if action == WSManAction.SIGNAL:
        # <rsp:Signal CommandId="..."><rsp:Code>...</rsp:Code></rsp:Signal>
        command_id = resource.get("CommandId")
        if resource.tag != _RSP + "Signal" or tuple(resource.attrib) != ("CommandId",):
            return None
        if len(resource) != 1 or not _leaf(resource[0], _RSP + "Code", ()) or not _ids(command_id):
            return None
        assert command_id is not None
        return ("Signal", resource[0].text), [command_id]
    if action == WSManAction.COMMAND:
        # <rsp:CommandLine CommandId="..."><rsp:Command>..</rsp:Command>
        #   <rsp:Arguments>base64</rsp:Arguments></rsp:CommandLine>
        command_id = resource.get("CommandId")
        if resource.tag != _RSP + "CommandLine" or tuple(resource.attrib) != ("CommandId",):
            return None
        if len(resource) != 2 or not _ids(command_id):
            return None
        command, arguments = resource
        if not _leaf(command, _RSP + "Command", ()) or not _leaf(arguments, _RSP + "Arguments", ()):
            return None
        if not arguments.text or _BASE64.match(arguments.text) is None:
            return None
        assert command_id is not None
        return ("Command", command.text), [command_id, arguments.text]
    return None


def _set(values: Any) -> tuple[Any, ...] | None:
    """An OptionSet/SelectorSet as a key (pypsrp wsman.py `_WSManSet`: name, value, attributes)."""
    if values is None:
        return None
    return (
        type(values),
        values.must_understand,
        tuple(
            (name, str(value), tuple(sorted(attrs.items()))) for name, value, attrs in values.values
        ),
    )


class TemplatedWSMan(WSMan):
    """pypsrp's WSMan whose Command, Receive and Signal envelopes come from a template per kind
    after the first (see the module doc). One pool's: it sends one request at a time."""

    def __init__(self, *args: Any, envelope_counts: EnvelopeCounts, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.envelope_counts = envelope_counts
        self._templates: dict[tuple[Any, ...], list[bytes]] = {}

    def invoke(
        self,
        action: str,
        resource_uri: str,
        resource: ET.Element | None,
        option_set: Any = None,
        selector_set: Any = None,
        timeout: int | None = None,
        *,
        retries_on_read_timeout: int = 0,
    ) -> ET.Element:
        shape = body_shape(action, resource) if action in _ACTIONS else None
        if shape is None:
            self.envelope_counts.count(from_template=False)
            return super().invoke(
                action,
                resource_uri,
                resource,
                option_set,
                selector_set,
                timeout,
                retries_on_read_timeout=retries_on_read_timeout,
            )
        body, ids = shape
        kind = (
            action,
            resource_uri,
            _set(option_set),
            _set(selector_set),
            timeout,
            body,
            self.data_locale,
            self.locale,
            self.max_envelope_size,
            self.operation_timeout,
            self.session_id,
            self.transport.endpoint,
        )
        template = self._templates.get(kind)
        if template is None:
            self.envelope_counts.count(from_template=False)
            message_id, xml = self._built(
                action, resource_uri, resource, option_set, selector_set, timeout
            )
            cut = _cut(xml, [message_id, *ids])
            if cut is not None:
                self._templates[kind] = cut
        else:
            self.envelope_counts.count(from_template=True)
            message_id = str(uuid.uuid4()).upper()  # as pypsrp's _create_header makes it
            xml = _join(template, [message_id, *ids])
        return self._sent(xml, f"uuid:{message_id}", timeout, retries_on_read_timeout)

    def _built(
        self,
        action: str,
        resource_uri: str,
        resource: ET.Element | None,
        option_set: Any,
        selector_set: Any,
        timeout: int | None,
    ) -> tuple[str, bytes]:
        """The envelope as pypsrp's `WSMan.invoke` builds it (wsman.py v0.9.1)."""
        s = NAMESPACES["s"]
        envelope = ET.Element(f"{{{s}}}Envelope")
        message_id, header = self._create_header(
            action, resource_uri, option_set, selector_set, timeout
        )
        envelope.append(header)
        body = ET.SubElement(envelope, f"{{{s}}}Body")
        if resource is not None:
            body.append(resource)
        return message_id, ET.tostring(envelope, encoding="utf-8", method="xml")

    def _sent(
        self, xml: bytes, message_id: str, timeout: int | None, retries_on_read_timeout: int
    ) -> ET.Element:
        """The rest of pypsrp's `WSMan.invoke` (wsman.py v0.9.1): send, read a fault, check
        that the answer relates to this message."""
        http_timeout = None
        if timeout:
            http_timeout = timeout + 2
        try:
            response = self.transport.send(
                xml, retries_on_read_timeout=retries_on_read_timeout, timeout=http_timeout
            )
        except WinRMTransportError as err:
            # raised as pypsrp raises them (the same chained context)
            try:
                raise self._parse_wsman_fault(err.response_text)
            except ET.ParseError:
                log.error(
                    "Failed to parse WSManFault message on WinRM error"
                    " response, raising original WinRMTransportError"
                )
                raise err  # noqa: B904
        response_xml = ET.fromstring(response)  # noqa: S314 (pypsrp's own parse of the answer)
        relates_to_et = response_xml.find("s:Header/wsa:RelatesTo", namespaces=NAMESPACES)
        relates_to = relates_to_et.text if relates_to_et is not None else ""
        if message_id != relates_to:
            raise WinRMError(
                "Received related id does not match related "
                f"expected message id: Sent: {message_id}, Received: {relates_to}"
            )
        return response_xml


def _cut(xml: bytes, values: list[str]) -> list[bytes] | None:
    """`xml` cut around each of `values`, found once each and in order; None if one is not."""
    parts = []
    start = 0
    for value in values:
        raw = value.encode()
        at = xml.find(raw, start)
        if at < 0 or xml.find(raw, at + len(raw)) >= 0 or xml.find(raw, 0, at) >= 0:
            return None
        parts.append(xml[start:at])
        start = at + len(raw)
    parts.append(xml[start:])
    return parts


def _join(template: list[bytes], values: list[str]) -> bytes:
    out = [template[0]]
    for value, part in zip(values, template[1:], strict=True):
        out.append(value.encode())
        out.append(part)
    return b"".join(out)
