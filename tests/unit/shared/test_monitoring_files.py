"""The alert rules and the Grafana dashboard in deploy/monitoring/ ask only for metrics that
the services expose on `/metrics`, so a renamed metric cannot leave an alert silent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from services.hr.app import HrSettings
from services.hr.app import create_app as hr_app
from services.operations.schemas import upgrade_database

MONITORING = Path(__file__).resolve().parents[3] / "deploy" / "monitoring"
SUFFIXES = ("_bucket", "_count", "_sum", "_total")


def _asked_for(expressions: list[str]) -> set[str]:
    names = {name for e in expressions for name in re.findall(r"\bonecouncil_\w+", e)}
    return {next((n.removesuffix(s) for s in SUFFIXES if n.endswith(s)), n) for n in names}


def _alert_expressions() -> list[str]:
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    return [rule["expr"] for group in rules["groups"] for rule in group["rules"]]


def _dashboard_expressions() -> list[str]:
    dashboard = json.loads((MONITORING / "grafana" / "dashboards" / "onecouncil.json").read_text())
    return [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]


@pytest.fixture
async def exposed(tmp_path: Path) -> set[str]:
    """Every metric family HR's `/metrics` declares (HR has them all, bulk runs too)."""
    url = f"sqlite:///{tmp_path}/hr.db"
    upgrade_database("hr", url)
    app = hr_app(HrSettings(database_url=url))
    text = (await app.state.metrics.scrape()).decode()
    app.state.runtime.engine.dispose()
    families = set(re.findall(r"^# TYPE (\w+) ", text, flags=re.MULTILINE))
    return {next((n.removesuffix(s) for s in SUFFIXES if n.endswith(s)), n) for n in families}


def test_every_alert_rule_asks_for_metrics_the_services_expose(exposed: set[str]) -> None:
    asked = _asked_for(_alert_expressions())
    assert asked, "no alert rule names a One Council metric"
    assert asked - exposed == set()


def test_every_dashboard_panel_asks_for_metrics_the_services_expose(exposed: set[str]) -> None:
    asked = _asked_for(_dashboard_expressions())
    assert asked - exposed == set()
    unwatched = exposed - asked - {"onecouncil_consumer_assigned_partitions"}
    assert unwatched == set(), "a metric with no panel"


def test_there_is_an_alert_for_a_service_down_lag_an_old_outbox_and_any_dead_letter() -> None:
    expressions = " ".join(_alert_expressions())
    for needed in (
        'up{job="onecouncil"} == 0',
        "deriv(onecouncil_consumer_lag",
        "onecouncil_outbox_oldest_waiting_seconds) > 60",
        'onecouncil_dead_letters{status="open"}) > 0',
    ):
        assert needed in expressions
