"""Python's cyclic garbage collector during a run: fewer, smaller collections.

A run of thousands of nodes keeps most of what it makes (a NodeRun, its reports and results
per node) until it ends, and makes little cyclic garbage. With CPython's default thresholds
(700, 10, 10) every 700 net allocations start a young collection, and every hundredth one may
become a full collection that walks every tracked object of the process: the inventory, the
flow, the lab's world, everything the run made so far. At 10,000 servers, `--parallel 64`,
arc-onboard made 4-7 full collections in one run and 1 at 1000 servers; how many fell inside
a run varied from run to run, and each took hundreds of milliseconds, so the time per server
grew with the fleet and by a different amount every run (issue 16, growth 1000 -> 10,000).

So for the length of a run (`fewer_collections`): the objects that exist when it starts are
frozen (`gc.freeze`: moved to the permanent generation, which no collection walks; they live
as long as the run anyway), and young collections start every 10 x 700 allocations
(`gc.set_threshold`), which also promotes fewer short-lived objects that a full collection
would then count. Measured (bench/README.md, session 5): no full collection at 1000 nor at
10,000 servers, the collector's CPU time per run 105 -> 15 ms at 1000 servers and 1185 -> 331
ms at 10,000; peak RSS unchanged (72 / 138 MiB). Both are undone when the last run in the
process ends (runs may overlap in one process: the first in sets, the last out restores).
CPython's own description (Doc/library/gc.rst, python/cpython PR #3705, bpo-31558, 3.7):
`freeze()` moves every tracked object "to a permanent generation and ignore[s them in] all the
future collections ... to speed up collection"; `unfreeze()` puts them "back into the oldest
generation"; `set_threshold(threshold0, ...)` sets the collection frequency.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_FACTOR = 10

_lock = threading.Lock()
_runs = 0
_saved: tuple[tuple[int, int, int], bool] | None = None  # thresholds, whether we froze


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Freeze what exists and collect the young generation less often, until the last
    overlapping run ends."""
    global _runs, _saved
    with _lock:
        _runs += 1
        if _runs == 1:
            threshold = gc.get_threshold()
            froze = gc.get_freeze_count() == 0  # never thaw what someone else froze
            if froze:
                gc.freeze()
            if threshold[0] > 0:  # 0: automatic collection is off; leave it so
                gc.set_threshold(threshold[0] * YOUNG_FACTOR, threshold[1], threshold[2])
            _saved = (threshold, froze)
    try:
        yield
    finally:
        with _lock:
            _runs -= 1
            if _runs == 0 and _saved is not None:
                threshold, froze = _saved
                _saved = None
                gc.set_threshold(*threshold)
                if froze:
                    gc.unfreeze()
