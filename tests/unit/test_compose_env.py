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
