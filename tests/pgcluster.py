"""Run a command against a throwaway PostgreSQL cluster on 127.0.0.1.

    python tests/pgcluster.py -- pytest ...

Creates a cluster in a temporary directory with the installed server binaries, sets
ORGBURO_DATABASE_URL for the command, and removes everything afterwards. As root the
server runs as the `postgres` user, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator


def _bindir() -> str:
    configured = os.environ.get("ORGBURO_PG_BINDIR")
    if configured:
        return configured
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if not candidates:
        raise SystemExit("no PostgreSQL server binaries found under /usr/lib/postgresql/*/bin")
    return candidates[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a cluster; yield its database URL; stop and delete it."""
    bindir = _bindir()
    root = tempfile.mkdtemp(prefix="orgburo-pg-")
    data = os.path.join(root, "data")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        os.chmod(root, 0o755)  # noqa: S103 - the server user must reach its socket directory
    port = _free_port()
    subprocess.run(
        _as_server_user(
            [
                f"{bindir}/initdb",
                "-D",
                data,
                "-U",
                "orgburo",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # Throwaway: no durability. Sized like a small production server on this kind of machine
    # (docs/operations.md): the defaults (128 MB of buffers, 1 GB of WAL between checkpoints)
    # are meant for a laptop and make a bulk load of tens of millions of rows thrash.
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200 -c shared_buffers=2GB "
        "-c max_wal_size=8GB -c work_mem=64MB -c maintenance_work_mem=512MB"
    )
    subprocess.run(
        _as_server_user(
            [
                f"{bindir}/pg_ctl",
                "-D",
                data,
                "-o",
                options,
                "-l",
                os.path.join(root, "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            ready = subprocess.run(
                [f"{bindir}/pg_isready", "-h", "127.0.0.1", "-p", str(port)], capture_output=True
            )
            if ready.returncode == 0:
                break
            time.sleep(0.1)
        subprocess.run(
            [f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "orgburo", "orgburo"],
            check=True,
        )
        yield f"postgres://orgburo@127.0.0.1:{port}/orgburo"
    finally:
        subprocess.run(
            _as_server_user([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    if "--" not in argv:
        print("usage: python tests/pgcluster.py -- COMMAND ...", file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1 :]
    with throwaway_cluster() as url:
        env = dict(os.environ, ORGBURO_DATABASE_URL=url)
        return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
