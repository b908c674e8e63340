"""scripts/system-packages.sh (issue 24 #24): an apt error, or a package still missing after
apt-get, fails with a message naming the packages, so `make run` stops there. apt-get, dpkg-query
and id are stand-ins on PATH: nothing is installed."""
import os
import stat
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-packages.sh"


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def run(tmp_path, *, update=0, install=0, installed=""):
    """The script for libpango-1.0-0 and curl as root; ``installed``: the packages dpkg-query
    reports installed (before and after apt-get alike)."""
    _stub(tmp_path, "id", "echo 0")
    _stub(tmp_path, "apt-get", f'[ "$1" = update ] && exit {update}\nexit {install}')
    _stub(tmp_path, "dpkg-query", f'for p in {installed}; do [ "$3" = "$p" ] && echo "install ok installed"; done; true')
    env = {**os.environ, "PATH": f"{tmp_path}:/usr/bin:/bin"}
    return subprocess.run(["sh", str(SCRIPT), "libpango-1.0-0", "curl"], env=env, capture_output=True, text=True,
                          timeout=30)


def test_nothing_to_do_when_everything_is_installed(tmp_path):
    assert run(tmp_path, installed="libpango-1.0-0 curl").returncode == 0


def test_a_failed_apt_get_update_stops_with_the_missing_packages(tmp_path):
    result = run(tmp_path, update=100, installed="curl")
    assert result.returncode == 1
    assert "apt-get update failed" in result.stderr and "libpango-1.0-0" in result.stderr


def test_a_failed_install_stops(tmp_path):
    result = run(tmp_path, install=100)
    assert result.returncode == 1 and "apt-get install failed" in result.stderr


def test_a_package_still_missing_after_apt_get_stops(tmp_path):
    result = run(tmp_path, installed="curl")  # apt-get says yes, Pango is still not there
    assert result.returncode == 1 and "still missing after apt-get install: libpango-1.0-0" in result.stderr
