"""A private Samba server on loopback for the SMB connector tests (a pytest plugin).

`smb_server` starts one `smbd` per test session with its own smb.conf, state and password
database in a temporary folder, listening on a free port on 127.0.0.1 only, and stops it
afterwards. Nothing of the machine's own Samba configuration is read or changed; the only
system change is a locked Linux account (`useradd`) that Samba needs behind the test user.

Locally a missing Samba (or not being root, which smbd needs to switch users) skips the tests;
under CI=true it fails them, as the database fixtures in conftest.py do.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SMB_USER = "avgscan_smbtest"
SHARE = "afdelingen"
STARTUP_SECONDS = 30


@dataclass(frozen=True)
class SmbServer:
    """Connection details of the running test server.

    `share_dir` is the folder served as `SHARE`; `outside_dir` is a sibling folder that is
    readable by the test user but not part of any share (for link-escape tests).
    """

    host: str
    port: int
    share: str
    username: str
    password: str = field(repr=False)
    share_dir: Path
    outside_dir: Path

    def url(self, folder: str = "") -> str:
        """`smb://127.0.0.1:<port>/<share>[/folder]`."""
        base = f"smb://{self.host}:{self.port}/{self.share}"
        return f"{base}/{folder}" if folder else base


def _unavailable(reason: str) -> None:
    message = f"Samba test server unavailable: {reason}; run scripts/services or scripts/test"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _ensure_linux_user() -> None:
    if subprocess.run(["id", SMB_USER], capture_output=True, check=False).returncode == 0:
        return
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SMB_USER],
        capture_output=True,
        check=True,
    )


def _smb_conf(base: Path, port: int, share_dir: Path) -> str:
    dirs = {name: base / name for name in ("private", "lock", "state", "cache", "pid", "rpc")}
    for folder in dirs.values():
        folder.mkdir(mode=0o700)
    return f"""\
[global]
    netbios name = AVGSCANTEST
    workgroup = AVGSCAN
    server role = standalone server
    smb ports = {port}
    bind interfaces only = yes
    interfaces = lo
    disable netbios = yes
    server min protocol = SMB2_10
    private dir = {dirs["private"]}
    lock directory = {dirs["lock"]}
    state directory = {dirs["state"]}
    cache directory = {dirs["cache"]}
    pid directory = {dirs["pid"]}
    ncalrpc dir = {dirs["rpc"]}
    passdb backend = tdbsam:{dirs["private"]}/passdb.tdb
    log file = {base}/log.smbd
    log level = 1
    map to guest = never
    load printers = no
    printing = bsd
    printcap name = /dev/null
    disable spoolss = yes
    # DOS attributes come from permission bits, so a test can make a file hidden (o+x) or
    # system (g+x) with chmod, on any file system.
    store dos attributes = no
    map hidden = yes
    map system = yes
    map archive = no

[{SHARE}]
    path = {share_dir}
    read only = yes
    valid users = {SMB_USER}
    hide dot files = no
    hide files = /Prive*/
    follow symlinks = yes
    wide links = no
"""


@pytest.fixture(scope="session")
def smb_server() -> Iterator[SmbServer]:
    """A running Samba server on 127.0.0.1 with one read-only share and one test user."""
    smbd = shutil.which("smbd") or ("/usr/sbin/smbd" if Path("/usr/sbin/smbd").exists() else None)
    smbpasswd = shutil.which("smbpasswd")
    if smbd is None or smbpasswd is None:
        _unavailable("smbd is not installed")
    assert smbd is not None and smbpasswd is not None
    if os.geteuid() != 0:
        _unavailable("smbd must run as root to serve files as the test user")

    base = Path(tempfile.mkdtemp(prefix="avgscan-smb-"))
    base.chmod(0o755)  # smbd serves the share as the test user, who must reach it
    share_dir = base / "share"
    outside_dir = base / "buiten"
    share_dir.mkdir(mode=0o755)
    outside_dir.mkdir(mode=0o755)
    port = _free_port()
    conf = base / "smb.conf"
    conf.write_text(_smb_conf(base, port, share_dir))
    password = secrets.token_urlsafe(16)
    process: subprocess.Popen[bytes] | None = None
    try:
        _ensure_linux_user()
        subprocess.run(
            [smbpasswd, "-c", str(conf), "-s", "-a", SMB_USER],
            input=f"{password}\n{password}\n".encode(),
            capture_output=True,
            check=True,
        )
        # Own session: smbd's children (one per client) share its process group, so stopping
        # the group stops them all and nothing outlives the tests.
        process = subprocess.Popen(
            [smbd, "--foreground", "--no-process-group", "--configfile", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _port_answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                log = base / "log.smbd"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                _unavailable(f"smbd did not start on port {port}\n{tail}")
            time.sleep(0.2)
        yield SmbServer(
            host="127.0.0.1",
            port=port,
            share=SHARE,
            username=SMB_USER,
            password=password,
            share_dir=share_dir,
            outside_dir=outside_dir,
        )
    except subprocess.CalledProcessError as exc:
        _unavailable(f"{exc.cmd[0]} failed with exit code {exc.returncode}")
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(base, ignore_errors=True)
