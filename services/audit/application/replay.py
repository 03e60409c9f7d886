"""The replay: every message read once, in log order — decode, check, validate, fold.

Per message the cost is the floor the brief allows: one JSON decode, one hash, one pydantic
validation (through the catalogue, so old versions are upcast), and a fold into small per-post
and per-transfer records. Control checks are routed by event type, so an event reaches only
the checks that watch it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from sys import intern
from typing import Any, Protocol

from services.audit.application.dead_letters import dead_letter_prefix, set_aside_of
from services.audit.application.ports import Decode, HashCheck, LoggedMessage, position_of
from services.audit.domain.controls import CHECKS, POLICY, AuditPolicy, ControlCheck
from services.audit.domain.controls.dead_letters import DeadLettersAreResolved
from services.audit.domain.establishment import Establishment
from services.audit.domain.integrity import IntegrityLedger, Verdict
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from services.audit.domain.report import AuditReport
from services.audit.domain.scope import Scope
from services.audit.domain.signed_logs import SignedLogs
from shared.events.base import EventPayload
from shared.events.catalogue import UnreadableEvent, read_document
from shared.events.checkpoints import NoteUnreadable, parse_note, producer_signed
from shared.events.keys import KeyRegistry, current_registry
from shared.events.transparency import CheckpointSigned


class Collector(Protocol):
    """Something that reads some event types during the replay and reports no findings."""

    events: frozenset[type[EventPayload]]

    def observe(self, event: AuditedEvent) -> None: ...


@dataclass(kw_only=True)
class ReplayOptions:
    """What the auditor asked for."""

    as_of: date | None = None
    # The log as it stood at the end of this day: events recorded later are not read.
    as_known_on: date | None = None
    history_complete: bool = True  # False when reading from a date
    scope: Scope = field(default_factory=Scope)
    checks: tuple[type[ControlCheck], ...] = CHECKS
    policy: AuditPolicy = POLICY  # the council's policy the controls hold the log to
    # Readers that only collect (e.g. the board report's facts): routed like the checks.
    collectors: tuple[Collector, ...] = ()
    # The public keys each producer signs with; None: the repository's registry.
    keys: KeyRegistry | None = None


class Replay:
    """Feed it messages in log order with `take`; `finish` gives the report."""

    def __init__(self, options: ReplayOptions, decode: Decode, hash_check: HashCheck) -> None:
        self.options = options
        self._decode = decode
        self.keys = options.keys or current_registry()
        self.signed_logs = SignedLogs(options.history_complete)
        self._position: int | None = None  # the event being read's place in its signed log
        self.integrity = IntegrityLedger(options.history_complete, hash_check, self._signature)
        self.establishment = Establishment(options.as_of)
        self.checks = [check(options.history_complete, options.policy) for check in options.checks]
        self._routes: dict[type[EventPayload], list[Callable[[AuditedEvent], None]]] = {}
        for check in self.checks:
            for event_class in check.events:
                self._routes.setdefault(event_class, []).append(check.observe)
        for collector in options.collectors:
            for event_class in collector.events:
                self._routes.setdefault(event_class, []).append(collector.observe)
        self._covers = None if options.scope.everything else options.scope.covers
        self._letters = [c for c in self.checks if isinstance(c, DeadLettersAreResolved)]
        self._prefixes: dict[str, str | None] = {}  # topic -> its prefix, if a dead-letter one
        known_on = options.as_known_on
        self._known_on = known_on.isoformat() if known_on is not None else None
        self.events_read = 0
        self.events_in_scope = 0
        self._counts: dict[str, int] = {}
        self.unreadable: list[Finding] = []

    def take(self, messages: Iterable[LoggedMessage]) -> None:
        """Check and fold a batch of messages."""
        for message in messages:
            self._take(message)

    def _take(self, message: LoggedMessage) -> None:
        self.events_read += 1
        topic = message.topic
        if topic not in self._prefixes:
            self._prefixes[topic] = dead_letter_prefix(topic)
        prefix = self._prefixes[topic]
        if prefix is not None:  # a set-aside message, not an event: only its headers count
            letter = set_aside_of(message, prefix) if self._covers is None else None
            if letter is not None and self._known_on is not None:  # unknown then: left out
                letter = letter if letter.at.date().isoformat() <= self._known_on else None
            if letter is not None:  # a replay of one post or department leaves letters out
                for check in self._letters:
                    check.set_aside(letter)
            return
        try:
            document = self._decode(message.value)
        except UnreadableEvent as error:
            self._unreadable(message, error, "?", "?")
            return
        get = document.get
        event_type = get("event_type")
        aggregate = (get("aggregate_type"), get("aggregate_id"))
        # Interned: checks keep refs for many events; one string per type and per aggregate.
        ref = EventRef(
            str(get("event_id")),
            intern(str(event_type)),
            message.topic,
            message.partition,
            message.offset,
            intern(f"{aggregate[0]}/{aggregate[1]}"),
        )
        # Every event takes its place in its producer's tree, in scope or not: the
        # checkpoints sign the whole log, so a replay of one post or department (or of what
        # was known on a day) still holds the log to them.
        self._position = position_of(message)
        if self._position is not None:
            self.signed_logs.place(str(get("producer")), self._position, str(get("hash")), ref)
        if self._covers is not None and not self._covers(document):
            return
        # ISO texts in UTC compare as dates by their first ten characters.
        if self._known_on is not None and str(get("recorded_at"))[:10] > self._known_on:
            return
        self.events_in_scope += 1
        if self.integrity.observe(document, aggregate, ref) is not Verdict.FOLD:
            return
        try:
            read = read_document(document)
        except UnreadableEvent as error:
            self._unreadable(message, error, ref.event_id, ref.aggregate, ref.event_type)
            return
        if type(read.payload) is CheckpointSigned:
            self.take_checkpoint(read.payload.note, f"on {ref.where()}")
        event = AuditedEvent(read.envelope, read.payload, ref)
        counts = self._counts
        counts[ref.event_type] = counts.get(ref.event_type, 0) + 1
        self.establishment.apply(event)
        routes = self._routes.get(type(read.payload))
        if routes is not None:
            for observe in routes:
                observe(event)

    def _signature(self, document: dict[str, Any]) -> tuple[str, str] | None:
        # An event at a position a signed checkpoint covers is vouched for by that one
        # signature: `finish` rebuilds the tree and holds it to the root. Only the rest —
        # the tail since the last checkpoint, events with no position — are verified one by
        # one (an Ed25519 verification costs more than the rest of the replay per event).
        position = self._position
        if position is not None and position < self.signed_logs.covered(
            str(document.get("producer"))
        ):
            return None
        return self.keys.refusal(document)

    def take_checkpoints(self, messages: Iterable[LoggedMessage]) -> None:
        """Read the checkpoint topics before the rest (a first pass over a few messages),
        so the replay knows which events their signatures already vouch for."""
        for message in messages:
            try:
                document = self._decode(message.value)
                read = read_document(document)
            except UnreadableEvent:
                continue  # the main pass reports it
            if type(read.payload) is CheckpointSigned and self.keys.refusal(document) is None:
                self.take_checkpoint(read.payload.note, "")

    def take_checkpoint(self, note: str, source: str) -> None:
        """A checkpoint from the log or a file: kept if its producer signed it, else reported."""
        try:
            checkpoint = parse_note(note)
        except NoteUnreadable as error:
            self._bad_checkpoint(source, f"cannot be read: {error}")
            return
        if not producer_signed(checkpoint, self.keys):
            self._bad_checkpoint(source, f"of {checkpoint.origin} is not signed by its producer")
            return
        self.signed_logs.checkpoint(checkpoint, source or "on the log")

    def _bad_checkpoint(self, source: str, words: str) -> None:
        if source:  # the first pass leaves reporting to the main one
            message = f"the checkpoint {source} {words}"
            finding = Finding(kind="integrity", rule="bad_checkpoint", message=message)
            self.signed_logs.findings.append(finding)

    def _unreadable(
        self,
        message: LoggedMessage,
        error: UnreadableEvent,
        event_id: str,
        aggregate: str,
        event_type: str = "?",
    ) -> None:
        ref = EventRef(
            event_id, event_type, message.topic, message.partition, message.offset, aggregate
        )
        self.unreadable.append(
            Finding(
                kind="unreadable",
                rule=error.code,
                message=f"message at {ref.where()} cannot be read: {error.reason}",
                events=(ref,),
                aggregate=None if aggregate == "?" else aggregate,
            )
        )

    def finish(self) -> AuditReport:
        """The report, once every message has been taken."""
        controls = [finding for check in self.checks for finding in check.findings()]
        return AuditReport(
            as_of=self.options.as_of,
            as_known_on=self.options.as_known_on,
            history_complete=self.options.history_complete,
            events_read=self.events_read,
            events_in_scope=self.events_in_scope,
            duplicates=self.integrity.duplicates,
            aggregates=self.integrity.aggregates,
            event_types=Counter(self._counts),
            integrity=self.integrity.finish() + self.signed_logs.finish(),
            controls=controls,
            unreadable=self.unreadable,
            posts=self.establishment.posts,
            team_heads=self.establishment.team_heads,
            checks={check.name: check.description for check in self.checks},
        )
