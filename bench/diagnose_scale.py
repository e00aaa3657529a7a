"""Benchmark: `diagnose` on a large log: wall time, how it grows with the log, peak memory.

Two kinds of log, each diagnosed at --lines and at a tenth of that, each the best of --repeat
runs (catalog and families loaded before the clock starts, as in a long-running process):

- sparse: ordinary verbose output (timestamps, node names, URLs) with one DNS failure in it;
- dense: every line a failure the catalog knows, alternately Go's DNS error as azcmagent prints
  it (an exact signature and network-dns, a different host on each line) and an OAuth
  `invalid_client` (a weak phrase of entra-client-credential): the same wordings hit on
  thousands of lines, so any work that grows with the hits found so far shows here.

Both answers must name network-dns. The time per line at the two sizes is compared: matching
is linear when the ratio stays near 1 (target: at most 1.5), so a log ten times longer takes
about ten times as long, not a hundred. Peak traced memory is measured in a separate run
(tracing slows Python code several times, so it never shares a run with the clock). Targets,
on an idle 2-core machine, for each kind: 20,000 lines in under 5 s and under 256 MiB.

    PYTHONPATH=. .venv/bin/python bench/diagnose_scale.py [--lines 20000] [--repeat 3]
        [--kind sparse|dense|both]

(PYTHONPATH=. so a worktree measures its own code, not the editable install's.)
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from orchestrator.catalog import load_catalog
from orchestrator.catalog.classify import diagnose
from orchestrator.catalog.families import load_families

RATIO_TARGET = 1.5
WALL_TARGET_S = 5.0  # at 20,000 lines, on an idle 2-core machine


def make_log(count: int) -> str:
    lines = [
        f"2024-05-28T06:01:{i % 60:02d}Z VERBOSE: step {i} on node{i % 4} called "
        f"https://management.azure.com/subscriptions/0/resourceGroups/rg{i % 7}"
        for i in range(count)
    ]
    lines[count * 3 // 4] = (
        "ERROR: dial tcp: lookup login.microsoftonline.com on 10.0.0.1:53: no such host"
    )
    return "\n".join(lines)


def make_dense_log(count: int) -> str:
    kinds = (
        # golang/go src/net/net.go OpError around a DNSError, as azcmagent prints it
        "{t} ERROR: dial tcp: lookup node{i}.contoso.com on 10.0.0.1:53: no such host",
        # RFC 6749 section 5.2's error code, as an OAuth client library reports it
        "{t} ERROR: step {i}: token request failed: invalid_client",
    )
    return "\n".join(
        kinds[i % 2].format(t=f"2024-05-28T06:01:{i % 60:02d}Z", i=i) for i in range(count)
    )


KINDS = {"sparse": make_log, "dense": make_dense_log}


def best_wall(text: str, repeat: int) -> tuple[float, float]:
    """The shortest wall time and the least process CPU time of `repeat` runs (on a busy
    machine the CPU time is the steadier of the two)."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = diagnose(text)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        assert result.family == "network-dns", result.family
    return best, best_cpu


def measure(kind: str, lines: int, repeat: int) -> None:
    make = KINDS[kind]
    small_lines = max(1, lines // 10)
    small, large = make(small_lines), make(lines)
    small_wall, small_cpu = best_wall(small, repeat)
    large_wall, large_cpu = best_wall(large, repeat)
    per_small = small_wall / small_lines
    per_large = large_wall / lines
    ratio = per_large / per_small
    cpu_ratio = (large_cpu / lines) / (small_cpu / small_lines)
    tracemalloc.start()
    diagnose(large)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    wall_target = WALL_TARGET_S * lines / 20000
    print(
        f"{kind}: lines={small_lines} wall={small_wall:.3f}s per_line={per_small * 1e6:.1f}us "
        f"cpu={small_cpu:.3f}s\n"
        f"{kind}: lines={lines} wall={large_wall:.3f}s per_line={per_large * 1e6:.1f}us "
        f"cpu={large_cpu:.3f}s peak={peak / 2**20:.1f}MiB (target < {wall_target:.1f}s)\n"
        f"{kind}: per-line ratio {lines}/{small_lines} = {ratio:.2f} (cpu {cpu_ratio:.2f}) "
        f"({'linear' if ratio <= RATIO_TARGET else 'NOT linear'}: target <= {RATIO_TARGET})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kind", choices=(*KINDS, "both"), default="both")
    args = parser.parse_args()
    load_catalog()
    load_families()
    for kind in KINDS if args.kind == "both" else (args.kind,):
        measure(kind, args.lines, args.repeat)


if __name__ == "__main__":
    main()
