"""What every benchmark needs: paths, the environment, timing, percentiles, the machine.

Nothing here imports Django: the benchmarks run orgburo (and the tree benchmark's own
settings) in child processes, so one run can use several databases and settings modules.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
ORGBURO = str(BIN / "orgburo")
DEMO_TODAY = "1923-12-02"  # the demo's calendar: a server on a demo database must share it


def scratch_dir(prefix: str) -> str:
    """A fresh directory for a benchmark's databases (removed by the caller's context)."""
    base = os.environ.get("ORGBURO_BENCH_TMP", tempfile.gettempdir())
    return tempfile.mkdtemp(prefix=f"orgburo-bench-{prefix}-", dir=base)


def orgburo_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment for an orgburo child process on the given database."""
    env = dict(os.environ)
    # Production settings (debug off, so no query log), cookies allowed over loopback HTTP.
    env.update(
        ORGBURO_DEBUG="0",
        ORGBURO_HTTPS="0",
        ORGBURO_SECRET_KEY="benchmark-only-secret-key-not-for-any-real-installation-0123456789",  # noqa: S106
        ORGBURO_AUDIT_KEY="benchmark-only-audit-key-not-for-any-real-installation",
        ORGBURO_DATABASE_URL=database_url,
        ORGBURO_TODAY=DEMO_TODAY,
    )
    env.update(extra)
    return env


def _pgcluster() -> ModuleType:
    # tests/ is not a package; the cluster runner is imported by path so bench/ needs no copy.
    spec = importlib.util.spec_from_file_location("orgburo_pgcluster", ROOT / "tests/pgcluster.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("tests/pgcluster.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (fsync off, as in the tests); yields its URL."""
    with _pgcluster().throwaway_cluster() as url:
        yield url


def run_threads(worker: Callable[[], None], threads: int) -> float:
    """Run `worker` in `threads` threads until each returns; the wall-clock seconds taken."""
    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: p95 of 200 samples is the 190th smallest, an observed value."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = max(1, round(pct / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(samples_s: Sequence[float]) -> dict[str, float]:
    """p50/p95/max of samples taken in seconds, in milliseconds."""
    return {
        "n": len(samples_s),
        "p50_ms": percentile(samples_s, 50) * 1000,
        "p95_ms": percentile(samples_s, 95) * 1000,
        "max_ms": max(samples_s) * 1000 if samples_s else float("nan"),
        "mean_ms": statistics.fmean(samples_s) * 1000 if samples_s else float("nan"),
    }


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def uname() -> str:
    return subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()


def code_version() -> str:
    """The commit measured, and whether src/ had uncommitted changes (another engineer's edits)."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return f"{head or 'unknown'}{' + uncommitted changes in src/' if dirty else ''}"


def sqlite_version() -> str:
    out = subprocess.run(
        [PYTHON, "-c", "import sqlite3; print(sqlite3.sqlite_version)"],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def postgres_version() -> str:
    """The server binaries tests/pgcluster.py would use (no cluster is started for this)."""
    try:
        bindir = _pgcluster()._bindir()
    except SystemExit:
        return "not installed"
    out = subprocess.run([f"{bindir}/postgres", "--version"], capture_output=True, text=True)
    return out.stdout.strip()


def fmt(value: float, digits: int = 1) -> str:
    if value != value:  # NaN: not measured
        return "—"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
