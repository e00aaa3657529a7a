"""The pools' serializer decodes a CLIXML primitive element without pypsrp's whole
`Serializer.deserialize` (no second write of the element, no type tables built for it) and
gets what pypsrp gets: the same values, objects, `_xml` texts, reference tables and resolved
metadata tags (orchestrator/transport/psrp_pipeline.py `BodyCachingSerializer`)."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from pypsrp.complex_objects import ObjectMeta
from pypsrp.serializer import Serializer

from orchestrator.lab.emulator import LabEmulator
from orchestrator.transport import psrp_pipeline
from orchestrator.transport.base import Command
from tests.protocol.conftest import transport


def ours() -> psrp_pipeline.BodyCachingSerializer:
    return psrp_pipeline.BodyCachingSerializer(
        psrp_pipeline.CreatePipelineBodies(), psrp_pipeline.PipelineStates()
    )


def shape(value: Any, depth: int = 0) -> Any:
    """Everything a decoded value holds, as plain data (objects by their attributes)."""
    assert depth < 40
    if isinstance(value, list | tuple):
        return (type(value).__name__, [shape(v, depth + 1) for v in value])
    if isinstance(value, dict):
        return ("dict", [(shape(k, depth + 1), shape(v, depth + 1)) for k, v in value.items()])
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value).__name__, shape(vars(value), depth + 1))
    return (type(value).__name__, value)


def decoded_by(serializer: Serializer, text: str, metadata: ObjectMeta | None) -> Any:
    value = serializer.deserialize(text, copy.deepcopy(metadata))
    return shape(value), shape(serializer.obj), shape(serializer.tn)


PRIMITIVES = [
    ("S", "plain"), ("S", None), ("S", "line_x000A_break and _x0041_"), ("ToString", "t"),
    ("C", "65"), ("B", "true"), ("B", "False"), ("DT", "2026-12-07T09:00:00Z"),
    ("TS", "PT9.0S"), ("By", "7"), ("SB", "-7"), ("U16", "9"), ("I16", "-9"),
    ("U32", "4294967295"), ("I32", "-1"), ("U64", "18446744073709551615"), ("I64", "-5"),
    ("Sg", "1.5"), ("Db", "-2.25E+10"), ("D", "1.10"), ("BA", "AQID"),
    ("G", "6b1e2a1c-8c1d-4e0b-9e3a-3f5c2d7a9b10"), ("URI", "https://x_x002F_y"), ("Nil", None),
    ("Version", "10.0.26100.1"), ("XD", "&lt;a/&gt;"), ("SBK", "Get-Item _x0024_x"),
    ("S", "last"), ("I32", "0"),
]  # fmt: skip


def elements(named: bool) -> str:
    out = []
    for n, (tag, text) in enumerate(PRIMITIVES):
        name = f' N="p{n}"' if named else ""
        out.append(f"<{tag}{name} />" if text is None else f"<{tag}{name}>{text}</{tag}>")
    return "".join(out)


CORPUS = [
    # every primitive, as properties of an object (MS-PSRP 2.2.5.1) and as list items
    f'<Obj RefId="0"><TN RefId="0"><T>System.Object</T></TN><MS>{elements(True)}</MS></Obj>',
    f'<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T><T>System.Array</T></TN><LST>'
    f"{elements(False)}</LST></Obj>",
    # a dictionary, nested objects, type names by reference, an object by reference
    '<Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T><T>System.Object</T></TN>'
    '<DCT><En><S N="Key">a</S><I32 N="Value">1</I32></En><En><S N="Key">b</S>'
    '<Obj N="Value" RefId="1"><TN RefId="1"><T>Deserialized.System.ServiceProcess.'
    "ServiceController</T><T>Deserialized.System.Object</T></TN><ToString>hcisvc</ToString>"
    '<Props><S N="Name">hcisvc</S><I32 N="Status">4</I32><Nil N="MachineName" /></Props>'
    '<MS><Obj N="Inner" RefId="2"><TNRef RefId="1" /><Props><S N="Name">x</S></Props></Obj>'
    '<Ref N="Same" RefId="2" /></MS></Obj></En></DCT></Obj>',
    # a primitive on its own, and one whose text is missing (pypsrp raises: so must we)
    "<I64>42</I64>",
    "<S>top</S>",
]


@pytest.mark.parametrize("text", CORPUS)
def test_a_document_decodes_to_what_pypsrp_decodes(text: str) -> None:
    serializer = ours()
    assert decoded_by(serializer, text, None) == decoded_by(Serializer(), text, None)
    assert serializer.primitives_decoded > 0 or "<Obj" not in text


def test_a_primitive_resolves_the_callers_metadata_tag_as_pypsrp_does() -> None:
    text = "<Obj RefId='0'><MS><I32 N='PipelineState'>4</I32></MS></Obj>"
    for serializer in (ours(), Serializer()):
        serializer._clear()
        element = ET.fromstring(text)[0][0]
        metadata = ObjectMeta("*")
        assert serializer.deserialize(element, metadata, clear=False) == 4
        assert metadata.tag == "I32"


def test_a_primitive_without_its_text_fails_as_in_pypsrp() -> None:
    for serializer in (ours(), Serializer()):
        with pytest.raises(TypeError):
            serializer.deserialize("<Obj RefId='0'><MS><I32 N='x' /></MS></Obj>")


def test_what_the_nodes_send_back_decodes_to_what_pypsrp_decodes(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every message of a few commands' answers over the wire (output, error records, host
    lines, states, the pool's own), decoded again by pypsrp's Serializer."""
    received: list[tuple[str, Any]] = []
    original = psrp_pipeline.BodyCachingSerializer.deserialize

    def recording(self: Any, element: Any, metadata: Any = None, clear: bool = True) -> Any:
        if isinstance(element, str) and clear:
            received.append((element, copy.deepcopy(metadata)))
        return original(self, element, metadata, clear)

    monkeypatch.setattr(psrp_pipeline.BodyCachingSerializer, "deserialize", recording)
    emulator = serve()
    session = transport(emulator).open("node1")
    for command in (
        Command.cmdlet("Get-Service", Name="hcisvc"),
        Command.cmdlet("Get-Item", Path="C:\\"),
        Command.cmdlet("Get-CimInstance", ClassName="Win32_OperatingSystem"),
        Command.cmdlet("Get-Service", Name="no-such-service"),
    ):
        session.run(command)
    session.close()
    monkeypatch.undo()

    assert len(received) > 10
    for text, metadata in received:
        assert decoded_by(ours(), text, metadata) == decoded_by(Serializer(), text, metadata)


def test_an_answers_primitives_skip_pypsrps_whole_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    whole: list[str] = []
    original = Serializer.deserialize

    def counted(self: Any, element: Any, metadata: Any = None, clear: bool = True) -> Any:
        whole.append(element if isinstance(element, str) else element.tag)
        return original(self, element, metadata, clear)

    monkeypatch.setattr(Serializer, "deserialize", counted)
    serializer = ours()
    serializer.deserialize(CORPUS[0])

    # the object itself goes through pypsrp's decoder; its 29 primitive properties do not
    assert len(whole) == 1
    assert serializer.primitives_decoded == 29
