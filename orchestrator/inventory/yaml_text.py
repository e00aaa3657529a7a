"""Inventory YAML read with bounds, so that a small hostile file cannot hang the CLI.

PyYAML's `safe_load` builds whatever the text describes: nine levels of aliases to nine-item
lists ("billion laughs") are under 1 KB of text and 387 million items once rendered or walked,
and 2,000 nested brackets exhaust Python's recursion in the composer. The composer is where the
node graph is built, before any Python object exists, so the bounds are enforced there
(`compose_node` is PyYAML's own extension point for it): nesting depth, the number of aliases,
and how many nodes the aliases add once expanded (merge keys `<<: *x` are aliases too). An
alias to an anchor that is still open (a recursive structure) is refused outright.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from orchestrator.errors import InputError

# An inventory nests about 6 levels (Ansible's all > children > group > hosts > host > vars);
# a dozen levels of children groups still fit well within these bounds.
MAX_DEPTH = 64
MAX_ALIASES = 256
MAX_ALIAS_EXPANSION = 10_000  # nodes the aliases may add in total
MAX_BYTES = 16 * 1024 * 1024  # a large `ansible-inventory --list` is a few MB


class _Refused(yaml.YAMLError):
    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._expansion = 0
        self._open: set[str] = set()
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if event.anchor in self._open:
                raise _Refused(
                    "an alias refers to its own anchor (a recursive "
                    "structure); write the value out",
                    event.start_mark,
                )
            node = super().compose_node(parent, index)
            self._aliases += 1
            if node is not None:
                self._expansion += self._size(node)
            if self._aliases > MAX_ALIASES or self._expansion > MAX_ALIAS_EXPANSION:
                raise _Refused(
                    f"aliases (*name, <<: *name) expand to more than {MAX_ALIAS_EXPANSION:,} "
                    f"values or number more than {MAX_ALIASES}; write the values out instead",
                    event.start_mark,
                )
            return node
        event = self.peek_event()  # type: ignore[no-untyped-call]
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(
                f"nested more than {MAX_DEPTH} levels deep; an inventory needs far fewer",
                event.start_mark,
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._open.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor is not None:
                self._open.discard(anchor)

    def _size(self, node: Node) -> int:
        """Values in `node` with every alias inside it expanded (memoised: the graph is a DAG)."""
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(self._size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            size += sum(self._size(k) + self._size(v) for k, v in node.value)
        self._sizes[id(node)] = size
        return size


def parse_yaml(text: str, source: str) -> Any:
    """The document in `text` (JSON is YAML too), or an InputError naming line and column."""
    if len(text) > MAX_BYTES:
        raise InputError(
            "inventory",
            f"larger than {MAX_BYTES // (1024 * 1024)} MB; an inventory is far smaller: check -i",
            source=source,
        )
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text)  # the reader refuses control characters here already
        return loader.get_single_data()
    except yaml.reader.ReaderError as error:
        raise InputError(
            f"character {error.position + 1}",
            f"YAML syntax error: a control character (#x{error.character:04x}) is not allowed",
            source=source,
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        problem = getattr(error, "problem", None) or "not valid YAML"
        if problem.startswith("found undefined alias"):
            # PyYAML quotes the alias's name: an unquoted password starting with * is one
            problem = "an alias (*name) without its anchor (&name); quote a value starting with *"
        prefix = "" if isinstance(error, _Refused) else "YAML syntax error: "
        raise InputError(where, f"{prefix}{problem}", source=source) from None
    finally:
        if loader is not None:
            loader.dispose()


def read_text(path: str, source: str) -> str:
    """At most MAX_BYTES of a file (a device such as /dev/zero never ends), as UTF-8."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(
            "inventory",
            f"larger than {MAX_BYTES // (1024 * 1024)} MB; an inventory is far smaller: check -i",
            source=source,
        )
    return data.decode("utf-8")
