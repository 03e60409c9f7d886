"""Every environment variable docker-compose sets for a service is one that service reads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic_settings import BaseSettings

from services.console.settings import ConsoleSettings
from services.finance.app import FinanceSettings
from services.hr.app import HrSettings
from services.workflow.app import WorkflowSettings

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
SETTINGS: dict[str, type[BaseSettings]] = {
    "hr": HrSettings,
    "finance": FinanceSettings,
    "workflow": WorkflowSettings,
    "console": ConsoleSettings,
}


def _variables_read_by(settings: type[BaseSettings]) -> set[str]:
    prefix = settings.model_config.get("env_prefix", "")
    return {f"{prefix}{name}".upper() for name in settings.model_fields}


@pytest.mark.parametrize("service", sorted(SETTINGS))
def test_every_variable_compose_sets_is_read_by_the_service(service: str) -> None:
    compose = yaml.safe_load(COMPOSE.read_text())
    environment = compose["services"][service]["environment"]
    unread = set(environment) - _variables_read_by(SETTINGS[service])
    assert not unread, f"compose sets {sorted(unread)} for {service}, which it never reads"


def test_the_dockerfile_sets_only_variables_the_services_read() -> None:
    dockerfile = (COMPOSE.parent / "Dockerfile").read_text()
    set_by_dockerfile = {
        pair.split("=")[0]
        for line in dockerfile.splitlines()
        if line.startswith("ENV ")
        for pair in line.removeprefix("ENV ").split()
    } - {"PYTHONUNBUFFERED", "PIP_NO_CACHE_DIR"}  # read by Python and pip themselves
    for settings in SETTINGS.values():
        assert set_by_dockerfile <= _variables_read_by(settings)


def test_compose_requires_real_secrets_and_publishes_ports_on_loopback_only() -> None:
    text = COMPOSE.read_text()
    assert "local-development-only" not in text, "a development secret is a compose default"
    compose = yaml.safe_load(text)
    for name in SETTINGS:
        service = compose["services"][name]
        assert service["environment"]["JWT_SECRET"].startswith("${JWT_SECRET:?")
        assert service["environment"]["ONECOUNCIL_ENV"] == "${ONECOUNCIL_ENV:-production}"
        assert all(port.startswith("127.0.0.1:") for port in service["ports"]), name
    workflow = compose["services"]["workflow"]["environment"]
    assert workflow["WEBHOOK_SECRET_KEY"].startswith("${WEBHOOK_SECRET_KEY:?")
    hr = compose["services"]["hr"]["environment"]
    assert hr["PERSONAL_DATA_MASTER_KEY"].startswith("${PERSONAL_DATA_MASTER_KEY:?")


def test_the_local_env_file_asks_for_local_mode_and_sets_only_what_compose_reads() -> None:
    lines = (COMPOSE.parent / "deploy" / "compose" / "local.env").read_text().splitlines()
    values = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert values["ONECOUNCIL_ENV"] == "local"
    text = COMPOSE.read_text()
    assert all("${" + name + ":" in text for name in values), values
