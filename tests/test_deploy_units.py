"""The service set-up shipped in deploy/ (systemd units, logrotate) is valid for the tools that
read it: ``systemd-analyze verify`` on the units (with the checkout's path in place of
/opt/haiti-mission-tracker), ``logrotate --debug`` on the logrotate file. Skipped, with the
reason, where those tools are not installed."""

import pathlib
import re
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
UNITS = ROOT / "deploy" / "systemd"


def test_every_unit_is_valid_for_systemd(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    names = sorted(path.name for path in UNITS.iterdir() if path.suffix in (".service", ".target"))
    assert names == [
        "haiti-mission-tracker-health.service",
        "haiti-mission-tracker-proxy.service",
        "haiti-mission-tracker-replica@.service",
        "haiti-mission-tracker.target",
    ]
    for name in names:
        (tmp_path / name).write_text((UNITS / name).read_text().replace("/opt/haiti-mission-tracker", str(ROOT)))
    # The template is checked as an instance (the port), as systemd would run it.
    (tmp_path / "haiti-mission-tracker-replica@8601.service").symlink_to(
        tmp_path / "haiti-mission-tracker-replica@.service"
    )
    units = [str(tmp_path / name) for name in names if "@." not in name] + [
        str(tmp_path / "haiti-mission-tracker-replica@8601.service")
    ]
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"SYSTEMD_UNIT_PATH": f"{tmp_path}:"},
    )
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
    result = subprocess.run(
        [
            "logrotate",
            "--debug",
            "--state",
            str(tmp_path / "state"),
            str(ROOT / "deploy" / "logrotate" / "haiti-mission-tracker"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr


KUBERNETES = ROOT / "deploy" / "kubernetes" / "haiti-mission-tracker.yaml"
KUBERNETES_VERSION = "1.33.0"


def test_kubernetes_manifests_are_valid_against_the_schemas():
    import kubernetes_validate
    import yaml

    documents = [doc for doc in yaml.safe_load_all(KUBERNETES.read_text()) if doc]
    assert sorted(doc["kind"] for doc in documents) == [
        "Deployment",
        "HorizontalPodAutoscaler",
        "Ingress",
        "PodDisruptionBudget",
        "Service",
    ]
    for document in documents:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)  # raises on any error or unknown field
    deployment = next(doc for doc in documents if doc["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert (
        container["readinessProbe"]["httpGet"]["path"]
        == container["livenessProbe"]["httpGet"]["path"]
        == "/_stcore/health"
    )
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    ingress = next(doc for doc in documents if doc["kind"] == "Ingress")
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"


def test_the_validator_catches_a_broken_manifest():
    import kubernetes_validate
    import yaml

    deployment = next(doc for doc in yaml.safe_load_all(KUBERNETES.read_text()) if doc and doc["kind"] == "Deployment")
    deployment["spec"]["replicas"] = "two"
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["pathh"] = "/"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_the_container_image_is_debian_slim_unprivileged_with_a_health_check():
    text = (ROOT / "deploy" / "Containerfile").read_text()
    assert re.search(r"^FROM \S*debian:bookworm-slim$", text, re.MULTILINE)
    assert "pip install --require-hashes -r requirements.lock" in text and re.search(r"^USER 10001", text, re.MULTILINE)
    assert "HEALTHCHECK" in text and "/_stcore/health" in text
    for line in re.findall(r"^COPY (\S+)", text, re.MULTILINE):  # every file it copies exists
        assert (ROOT / line).exists(), line
