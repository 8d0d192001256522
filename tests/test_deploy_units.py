"""The service set-up shipped in deploy/ (systemd units, logrotate) is valid for the tools that
read it: ``systemd-analyze verify`` on the units (with the checkout's path in place of
/opt/haiti-mission-tracker), ``logrotate --debug`` on the logrotate file. Skipped, with the
reason, where those tools are not installed."""

import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
UNITS = ROOT / "deploy" / "systemd"


def test_every_unit_is_valid_for_systemd(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    names = sorted(path.name for path in UNITS.iterdir() if path.suffix in (".service", ".target"))
    assert names == ["haiti-mission-tracker-health.service", "haiti-mission-tracker-proxy.service", "haiti-mission-tracker-replica@.service", "haiti-mission-tracker.target"]
    for name in names:
        (tmp_path / name).write_text((UNITS / name).read_text().replace("/opt/haiti-mission-tracker", str(ROOT)))
    # The template is checked as an instance (the port), as systemd would run it.
    (tmp_path / "haiti-mission-tracker-replica@8601.service").symlink_to(tmp_path / "haiti-mission-tracker-replica@.service")
    units = [str(tmp_path / name) for name in names if "@." not in name] + [str(tmp_path / "haiti-mission-tracker-replica@8601.service")]
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True, timeout=60, env={"SYSTEMD_UNIT_PATH": f"{tmp_path}:"})
    problems = [line for line in result.stderr.splitlines() if "haiti-mission-tracker" in line]
    assert result.returncode == 0 and not problems, result.stderr


def test_the_units_run_the_app_unprivileged_and_restart_it():
    replica = (UNITS / "haiti-mission-tracker-replica@.service").read_text()
    assert "User=hmt" in replica and "Restart=always" in replica and "RestartSec=1" in replica
    assert "--server.address 127.0.0.1" in replica and "NoNewPrivileges=yes" in replica
    proxy = (UNITS / "haiti-mission-tracker-proxy.service").read_text()
    assert "Conflicts=nginx.service" in proxy and "deploy/start.sh render" in proxy


def test_logrotate_file_is_valid(tmp_path):
    if not shutil.which("logrotate"):
        pytest.skip("logrotate is not installed (Debian package logrotate)")
    result = subprocess.run(["logrotate", "--debug", "--state", str(tmp_path / "state"), str(ROOT / "deploy" / "logrotate" / "haiti-mission-tracker")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
