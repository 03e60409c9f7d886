"""Generate `deploy/asyncapi/onecouncil.yaml` from the three services' brokers.

    python -m deploy.asyncapi.generate          # rewrite the committed document
    python -m deploy.asyncapi.generate --check  # exit 1 if it differs from the code

The document lists every channel (topic) with who publishes and who subscribes, and each
event's schema with its field descriptions (from the pydantic models in shared/events).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI
from faststream.specification import AsyncAPI

DOCUMENT = Path(__file__).with_name("onecouncil.yaml")


def _broker_of(app: FastAPI) -> Any:
    # Each create_app keeps its ServiceRuntime on app.state; the runtime owns the broker.
    return app.state.runtime.broker


def render() -> str:
    """The AsyncAPI 3.0 document, as YAML, for the code as it is now."""
    from services.finance.app import FinanceSettings
    from services.finance.app import create_app as finance_app
    from services.hr.app import HrSettings
    from services.hr.app import create_app as hr_app
    from services.workflow.app import WorkflowSettings
    from services.workflow.app import create_app as workflow_app

    # The document describes no one deployment: no prefix, the default broker address,
    # whatever this shell's environment says. Nothing connects while generating.
    fixed = {
        "database_url": "sqlite://",
        "topic_prefix": "",
        "kafka_bootstrap_servers": "127.0.0.1:9092",
    }
    apps = [
        hr_app(HrSettings.model_validate(fixed)),
        finance_app(FinanceSettings.model_validate(fixed)),
        workflow_app(WorkflowSettings.model_validate(fixed)),
    ]
    specification = AsyncAPI(
        *(_broker_of(app) for app in apps),
        title="One Council events",
        version="1",
        description="Every topic and event of One Council: HR, Finance and Workflow. "
        "Each message is an envelope (see Envelope) whose payload is the event's own schema.",
    ).to_specification()
    # FastStream's channel order varies between runs; sort so the file is stable.
    return str(yaml.safe_dump(specification.to_jsonable(), sort_keys=True, allow_unicode=True))


def main() -> int:
    parser = argparse.ArgumentParser(description="Generate the AsyncAPI document.")
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    rendered = render()
    if parser.parse_args().check:
        if not DOCUMENT.exists() or DOCUMENT.read_text() != rendered:
            print(
                f"{DOCUMENT} is out of date: run python -m deploy.asyncapi.generate",
                file=sys.stderr,
            )
            return 1
        return 0
    DOCUMENT.write_text(rendered)
    print(f"wrote {DOCUMENT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
