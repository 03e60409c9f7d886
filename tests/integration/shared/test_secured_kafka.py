"""A secured broker (SASL_SSL, SCRAM-SHA-512, ACLs) refuses what no principal may do, and a
service with its own credentials still does its job on it.

One secured broker of the module's own (`deploy.kafka` with `secure=True`), provisioned
once as the administrator for one deployment prefix, as `python -m deploy.kafka start
--secure --topic-prefix ...` does.
"""

from __future__ import annotations

import ssl
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, RecordsToDelete
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    KafkaError,
    TopicAuthorizationFailedError,
)
from pydantic import SecretStr

from deploy.kafka import KafkaNode
from deploy.kafka.provision import access_of, provision
from deploy.kafka.security import NodeSecurity
from services.finance.app import FinanceSettings
from services.finance.app import create_app as create_finance
from services.hr.app import HrSettings
from services.hr.app import create_app as create_hr
from services.hr.entrypoints.consumers import GROUP as HR_BUDGET_GROUP
from services.workflow.app import WorkflowSettings
from services.workflow.app import create_app as create_workflow
from shared.kafka.security import KafkaAccess, client_options
from tests.integration.finance.reading import events_of, types
from tests.integration.workflow.conftest import FakeClock
from tests.integration.workflow.three_services import HR_STAFF, call
from tests.support.brokers import free_port
from tests.support.databases import NewDatabase
from tests.support.envelopes import StreamWriter
from tests.support.events import proposed
from tests.support.in_process import Settings, new_topic_prefix, serving, settings_for_test
from tests.support.posts import a_post
from tests.support.topics import write
from tests.support.waiting import eventually_get_async

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]


@dataclass
class SecuredBroker:
    node: KafkaNode
    security: NodeSecurity
    prefix: str

    def access(self, principal: str, password: str | None = None) -> KafkaAccess:
        access = access_of(self.node, self.security, principal)
        if password is None:
            return access
        return access.model_copy(update={"kafka_sasl_password": SecretStr(password)})

    def topic(self, logical: str) -> str:
        return self.prefix + logical


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredBroker]:
    node = KafkaNode(
        tmp_path_factory.mktemp("secured") / "kafka",
        port=free_port(),
        controller_port=free_port(),
        heap="512m",
        secure=True,
    )
    node.start(timeout=120)
    try:
        prefix = new_topic_prefix()
        provision(node, prefix, partitions=2)
        assert node.security is not None
        yield SecuredBroker(node, node.security, prefix)
    finally:
        node.stop()


async def _produce(access: KafkaAccess, topic: str, *, idempotent: bool = True) -> None:
    producer = AIOKafkaProducer(**client_options(access), enable_idempotence=idempotent)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"{}", key=b"10000001")
    finally:
        await producer.stop()


# A forged PostRegistered on HR's topic, a forged BudgetCheckPassed on Finance's.
@pytest.mark.parametrize(
    ("principal", "topic"),
    [("finance", "hr.posts"), ("hr", "finance.budgets"), ("workflow", "finance.budgets")],
)
async def test_a_service_may_not_write_on_another_services_topic(
    secured: SecuredBroker, principal: str, topic: str
) -> None:
    with pytest.raises(TopicAuthorizationFailedError):
        await _produce(secured.access(principal), secured.topic(topic))


async def test_the_auditor_may_read_but_not_write(secured: SecuredBroker) -> None:
    with pytest.raises(TopicAuthorizationFailedError):
        await _produce(secured.access("auditor"), secured.topic("hr.posts"), idempotent=False)


async def test_a_service_may_not_join_another_services_consumer_group(
    secured: SecuredBroker,
) -> None:
    # Finance may read hr.posts, but not as HR's budget-check consumer.
    consumer = AIOKafkaConsumer(
        secured.topic("hr.posts"),
        **client_options(secured.access("finance")),
        group_id=secured.prefix + HR_BUDGET_GROUP,
        enable_auto_commit=False,
    )
    try:
        with pytest.raises(GroupAuthorizationFailedError):
            await consumer.start()  # joining the group is refused
    finally:
        await consumer.stop()


async def test_not_even_the_owner_deletes_its_topic_or_its_records(
    secured: SecuredBroker,
) -> None:
    topic = secured.topic("hr.posts")
    admin = AIOKafkaAdminClient(**client_options(secured.access("hr")))
    await admin.start()
    try:
        response = await admin.delete_topics([topic])
        with pytest.raises(TopicAuthorizationFailedError):
            await admin.delete_records({TopicPartition(topic, 0): RecordsToDelete(1)})
    finally:
        await admin.close()
    [(_, code, *_)] = response.topic_error_codes
    assert code == TopicAuthorizationFailedError.errno


@pytest.mark.parametrize("protocol", ["PLAINTEXT", "SSL"])
async def test_a_client_without_credentials_is_refused(
    secured: SecuredBroker, protocol: str
) -> None:
    options: dict[str, object] = {"bootstrap_servers": secured.node.bootstrap_servers}
    if protocol == "SSL":  # TLS to the right broker, but no SASL login
        options["ssl_context"] = ssl.create_default_context(cafile=str(secured.security.ca_file))
    admin = AIOKafkaAdminClient(**options, security_protocol=protocol, request_timeout_ms=5000)
    with pytest.raises(KafkaError):
        await admin.start()
        await admin.list_topics()
    await admin.close()


async def test_a_wrong_password_is_refused(secured: SecuredBroker) -> None:
    admin = AIOKafkaAdminClient(
        **client_options(secured.access("hr", password="not-hrs-password")),
        request_timeout_ms=5000,
    )
    with pytest.raises((KafkaConnectionError, KafkaError)):
        await admin.start()
        await admin.list_topics()
    await admin.close()


@dataclass
class SecuredCouncil:
    """HR, Finance and Workflow in this process, each logged in to Kafka as itself."""

    hr: httpx.AsyncClient
    finance: httpx.AsyncClient
    workflow: httpx.AsyncClient


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def council(
    secured: SecuredBroker, new_database: NewDatabase
) -> AsyncIterator[SecuredCouncil]:
    def settings(kind: type[Settings], service: str) -> Settings:
        login = {k.lower(): v for k, v in secured.security.client_env(service).items()}
        database = new_database(f"{service}-secured")
        return settings_for_test(
            kind, secured.node.bootstrap_servers, database, topic_prefix=secured.prefix, **login
        )

    async with AsyncExitStack() as stack:
        hr = await stack.enter_async_context(
            serving(create_hr(settings(HrSettings, "hr")), "hr", "hr_staff", "hr-officer-1")
        )
        finance_app = create_finance(settings(FinanceSettings, "finance"))
        finance = await stack.enter_async_context(
            serving(finance_app, "finance", "finance_staff", "fin-officer-1")
        )
        workflow_app = create_workflow(settings(WorkflowSettings, "workflow"), FakeClock())
        workflow = await stack.enter_async_context(
            serving(workflow_app, "workflow", "auditor", "auditor-1")
        )
        body = {"name": "CS-FIN-01", "owner": "CS", "function": "FIN", "annual_budget": 10**7}
        answer = await finance.put("/cost-centres/CS-FIN-01", json=body)
        assert answer.status_code == 200, answer.text
        yield SecuredCouncil(hr, finance, workflow)


async def test_finance_with_its_own_credentials_answers_hrs_proposal(
    secured: SecuredBroker, council: SecuredCouncil
) -> None:
    post = str(uuid.uuid4().int % 10**8 + 10**8)
    document = StreamWriter("hr").document(
        proposed(post, "T-secured", cost=36_500), department="CS"
    )
    await write(secured.access("hr"), [(secured.topic("hr.posts"), post, document)])
    # Read as the auditor: what Finance published, through its own principal.
    answers = await events_of(secured.access("auditor"), secured.topic("finance.budgets"), post, 1)
    assert types(answers) == ["BudgetCheckPassed"]
    assert answers[0]["value"]["payload"]["transfer_id"] == "T-secured"


async def test_a_transfer_goes_from_hr_through_finance_to_workflow_each_as_itself(
    council: SecuredCouncil,
) -> None:
    post = str(700_000 + uuid.uuid4().int % 99_000)
    await call(council.hr, "/posts", a_post(post), HR_STAFF, 201)
    proposal = {"target_team": "FIN", "effective_date": "2027-04-01", "reason": "Centralise"}
    await call(council.hr, f"/posts/{post}/transfer", proposal, HR_STAFF, 201)
    # Finance's verdict (its books have no line for this post) comes back to HR...
    await eventually_get_async(
        council.hr,
        f"/posts/{post}/transfer",
        lambda answer: answer.json().get("budget_check") in ("passed", "failed"),
        headers=HR_STAFF,
    )
    # ...and Workflow tracks all three: registered, proposed, checked.
    await eventually_get_async(
        council.workflow,
        f"/posts/{post}/timeline",
        lambda answer: answer.status_code == 200 and len(answer.json()["events"]) >= 3,
    )
