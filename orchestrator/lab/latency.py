"""Injected latency: the lab answers every remote command later, as a real network would.

A lab knob for the benchmarks (bench/, issue 16.7): a delay per call, per node (overriding the
default), with jitter drawn from a seeded generator. The delay of a node's n-th call depends
only on (seed, node, n), never on which thread got there first, so two runs of a benchmark wait
the same delays. The injector counts calls per node, which is what the benchmarks derive their
critical-path bounds from; its `sleep` is injectable, so tests of the knob never wait.

One spec string serves the in-process lab (ORCHESTRATE_LAB_LATENCY) and `orchestrate lab serve
--latency`: comma-separated items, a bare duration is the default per call, `NODE=DURATION`
overrides one node, `jitter=DURATION` spreads each delay uniformly by that much either side,
`seed=N` seeds the jitter. Durations are `50ms`, `0.05s` or `0`.
"""

from __future__ import annotations

import hashlib
import random
import re
import threading
import time
from collections.abc import Callable, Mapping

import attrs

from orchestrator.errors import InputError

LATENCY_ENV = "ORCHESTRATE_LAB_LATENCY"
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)?$")
# Far above any network round trip; a larger value is a typo (50s for 50ms), not a benchmark.
MAX_DELAY_S = 10.0


@attrs.frozen
class Latency:
    per_call_s: float = 0.0
    jitter_s: float = 0.0
    per_node_s: Mapping[str, float] = attrs.field(factory=dict)  # keys: node names, lower case
    seed: int = 0

    @property
    def active(self) -> bool:
        return bool(self.per_call_s or self.jitter_s or any(self.per_node_s.values()))

    def delay(self, node: str, call: int) -> float:
        """The delay of `node`'s `call`-th remote command (0-based), in seconds."""
        base = self.per_node_s.get(node.lower(), self.per_call_s)
        if not self.jitter_s:
            return base
        # A generator per (seed, node, call): independent of thread interleaving.
        key = hashlib.sha256(f"{self.seed}:{node.lower()}:{call}".encode()).digest()
        spread = random.Random(key).uniform(-self.jitter_s, self.jitter_s)
        return max(0.0, base + spread)


def parse_duration(text: str, field: str) -> float:
    match = _DURATION.match(text.strip())
    if match is None:
        raise InputError(field, f"{text!r} is not a duration; write e.g. 50ms or 0.05s")
    value = float(match.group(1)) / (1000.0 if match.group(2) == "ms" else 1.0)
    if value > MAX_DELAY_S:
        raise InputError(field, f"{text} is more than {MAX_DELAY_S:g} s; write e.g. 50ms")
    return value


def parse_latency(spec: str, field: str = LATENCY_ENV) -> Latency:
    """`50ms`, `50ms,jitter=5ms,seed=3`, `20ms,node3=200ms` (see the module docstring)."""
    per_call, jitter, seed = 0.0, 0.0, 0
    per_node: dict[str, float] = {}
    for raw in spec.split(","):
        item = raw.strip()
        if not item:
            raise InputError(field, f"{spec!r} has an empty item; write e.g. 50ms,jitter=5ms")
        name, sep, value = item.partition("=")
        if not sep:
            per_call = parse_duration(item, field)
        elif name == "jitter":
            jitter = parse_duration(value, field)
        elif name == "seed":
            if not value.isdigit():
                raise InputError(field, f"seed={value!r} is not a whole number; write seed=1")
            seed = int(value)
        elif name:
            per_node[name.strip().lower()] = parse_duration(value, field)
        else:
            raise InputError(field, f"{item!r} names no node; write NODE=DURATION")
    return Latency(per_call, jitter, per_node, seed)


class LatencyInjector:
    """Applies a Latency to the calls of one lab (in-process or served) and counts them."""

    def __init__(self, latency: Latency, sleep: Callable[[float], None] = time.sleep) -> None:
        self.latency = latency
        self.sleep = sleep
        self.calls: dict[str, int] = {}
        self.waited_s = 0.0
        self._lock = threading.Lock()

    def before_call(self, node: str) -> float:
        """Count the call and wait its delay (outside any lock: calls to different nodes, or
        to one node from several sessions, wait concurrently as they would on a network)."""
        key = node.lower()
        with self._lock:
            index = self.calls.get(key, 0)
            self.calls[key] = index + 1
            seconds = self.latency.delay(key, index)
            self.waited_s += seconds
        if seconds:
            self.sleep(seconds)
        return seconds

    @property
    def total_calls(self) -> int:
        with self._lock:
            return sum(self.calls.values())
