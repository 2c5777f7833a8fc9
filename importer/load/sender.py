"""Send one valid row to the WON API and record its outcome in the journal.

The WON API creates a second client for a second identical POST, so a POST
whose response was lost (dropped connection, read timeout, 5xx) is never sent
again blindly: the row is looked up first and sent again only when the
look-up shows it did not land. The journal marks the row in flight before
the POST, and the outcome is committed before the next row is sent.
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass
from enum import Enum
from typing import Any

from importer.api import (
    ApiError,
    ApiResponseError,
    AuthenticationError,
    HttpStatusError,
    InvalidDataError,
    RateLimitExceeded,
    RequestCancelled,
    ServerConnectionError,
    WonClient,
)
from importer.api.ratelimit import WAIT_RETRY_BACKOFF, backoff_delay
from importer.issues import Issue, Severity
from importer.load.journal import PENDING, Action, Journal, JournalRow, body_sha256
from importer.load.lookup import (
    ExistingFinder,
    LookupUndecidable,
    client_id_of,
    company_key,
    find_on_server,
    vat_key,
)
from importer.mapping.model import PERFEX_FIELDS
from importer.messages import render
from importer.report.model import RowResult
from importer.status import RowStatus

logger = logging.getLogger(__name__)

# Resends of a POST after HTTP 500, 502, 503 or 504, each after a look-up showed it did not land.
SERVER_ERROR_RESENDS = 2
_INTEGER_FIELDS = ("country", "active")


class OnExisting(str, Enum):
    """Action for a row whose client already exists in Perfex."""

    SKIP = "skip"
    UPDATE = "update"
    CREATE = "create"


class RowRetry(Exception):
    """The row could not be finished now (connection lost, rate limit); the runner may try it again."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.code)
        self.error = error


class RowStopped(Exception):
    """The run must stop at once (authentication failed or Ctrl-C); the row's journal entry is consistent."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.code)
        self.error = error


def request_body(values: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON body for a row: only real ``tblclients`` columns, with plain Python types.

    The WON API passes every key to an SQL INSERT, so an unknown key fails the
    whole request with HTTP 500.
    """
    body: dict[str, Any] = {}
    for name in PERFEX_FIELDS:
        value = values.get(name)
        if value is None:
            continue
        body[name] = int(value) if name in _INTEGER_FIELDS else str(value)
    return body


def changed_fields(body: dict[str, Any], existing: dict[str, Any]) -> dict[str, Any]:
    """Return the fields of ``body`` whose value differs from the stored client's."""
    changes: dict[str, Any] = {}
    for name, value in body.items():
        stored = existing.get(name)
        if name == "vat":
            same = vat_key(stored) == vat_key(value)
        else:
            same = _plain(stored) == _plain(value)
        if not same:
            changes[name] = value
    return changes


def _plain(value: Any) -> str:
    return "" if value is None else str(value).strip()


def issue_of(error: ApiError, severity: Severity = Severity.ERROR) -> Issue:
    return Issue(code=error.code, severity=severity, params=dict(error.params))


@dataclass(frozen=True)
class Decision:
    """The outcome of a row's look-up, before any request that writes."""

    action: Action | None  # None: nothing to send
    status: RowStatus | None = None  # the final status when nothing is sent
    client_id: int | None = None
    changes: dict[str, Any] | None = None  # fields a PUT would send
    known_ids: frozenset[int] = frozenset()  # matching clients that existed before this run's POST
    issue: Issue | None = None


class RowSender:
    """Create or update one row at a time; shared by the worker threads of a run."""

    def __init__(
        self,
        client: WonClient,
        journal: Journal | None,
        finder: ExistingFinder,
        on_existing: OnExisting = OnExisting.SKIP,
        *,
        server_error_resends: int = SERVER_ERROR_RESENDS,
    ) -> None:
        self.client = client
        self.journal = journal
        self.finder = finder
        self.on_existing = on_existing
        self.server_error_resends = server_error_resends
        self._rng = random.Random()
        self._rng_lock = threading.Lock()

    # Planning

    def decide(self, body: dict[str, Any]) -> Decision:
        """Look the row up among existing clients and decide what a run does with it."""
        try:
            matches = self.finder.find(body)
        except LookupUndecidable:
            return Decision(
                action=None, status=RowStatus.NEEDS_REVIEW, issue=Issue(code="lookup_undecidable")
            )
        known_ids = frozenset(filter(None, (client_id_of(match) for match in matches)))
        if not matches or self.on_existing is OnExisting.CREATE:
            return Decision(action=Action.CREATE, known_ids=known_ids)
        if len(matches) > 1 and self.on_existing is OnExisting.UPDATE:
            return Decision(
                action=None,
                status=RowStatus.NEEDS_REVIEW,
                issue=Issue(code="existing_several", params={"count": len(matches), "ids": sorted(known_ids)}),
            )
        existing = matches[0]
        client_id = client_id_of(existing)
        if self.on_existing is OnExisting.SKIP:
            return Decision(action=None, status=RowStatus.EXISTING, client_id=client_id)
        changes = changed_fields(body, existing)
        if not changes:
            return Decision(action=None, status=RowStatus.EXISTING, client_id=client_id, changes={})
        return Decision(action=Action.UPDATE, client_id=client_id, changes=changes)

    def plan(self, result: RowResult) -> RowResult:
        """Set the status and detail a real run would give a valid row, sending no POST or PUT.

        The status stays ``valid`` for a row a run would create and becomes
        ``existing`` for one it would skip or update; ``detail`` names the action.
        """
        body = request_body(result.values)
        try:
            decision = self.decide(body)
        except (ServerConnectionError, RateLimitExceeded) as error:
            raise RowRetry(error) from error
        except (AuthenticationError, RequestCancelled) as error:
            raise RowStopped(error) from error
        except ApiError as error:
            result.status = RowStatus.NOT_SENT
            result.issues.append(issue_of(error))
            return result
        result.client_id = decision.client_id
        if decision.issue is not None:
            result.issues.append(decision.issue)
        if decision.action is Action.CREATE:
            result.detail = render("plan_create")
        elif decision.action is Action.UPDATE:
            result.status = RowStatus.EXISTING
            result.detail = render("plan_update", fields=", ".join(decision.changes or {}))
        elif decision.status is RowStatus.EXISTING:
            result.status = RowStatus.EXISTING
            code = "plan_unchanged" if decision.changes == {} else "plan_skip"
            result.detail = render(code)
        else:
            result.status = decision.status or RowStatus.NEEDS_REVIEW
        return result

    # Sending

    def send(self, result: RowResult) -> RowResult:
        """Bring one valid row to its final status, or raise RowRetry or RowStopped.

        A row that the journal has in flight is first resolved on the server.
        Raises RowRetry when the server cannot be reached or keeps responding with
        429, leaving the journal as it is, so that the row can be tried again
        now or in a resumed run.
        """
        assert self.journal is not None, "send() needs a journal"
        body = request_body(result.values)
        if self.journal.is_in_flight(result.row):
            entry = self.journal.get(result.row)
            assert entry is not None, "a row in flight has a journal entry"
            return self._resume_in_flight(result, body, entry)
        try:
            decision = self.decide(body)
        except (ServerConnectionError, RateLimitExceeded) as error:
            raise RowRetry(error) from error
        except RequestCancelled as error:
            raise RowStopped(error) from error
        except AuthenticationError as error:
            raise RowStopped(error) from error
        except ApiError as error:
            return self._finish(result, RowStatus.NOT_SENT, issue=issue_of(error), final=False)
        if decision.action is Action.CREATE:
            return self._create(result, body, decision.known_ids)
        if decision.action is Action.UPDATE:
            assert decision.client_id is not None and decision.changes
            return self._update(result, decision.client_id, decision.changes)
        detail_issue = decision.issue
        return self._finish(result, decision.status, client_id=decision.client_id, issue=detail_issue)

    def _resume_in_flight(self, result: RowResult, body: dict[str, Any], entry: JournalRow) -> RowResult:
        if entry.action is Action.UPDATE and entry.client_id is not None:
            # A PUT is idempotent: sending the mapped fields again is safe.
            logger.info("Row %d: sending the update to client %d again", result.row, entry.client_id)
            return self._update(result, entry.client_id, body)
        logger.info("Row %d: a POST was sent but no response was recorded; looking it up", result.row)
        landed = self._landed(result, body, entry.known_ids)
        if landed is None:
            return self._create(result, body, entry.known_ids)
        return landed

    def _create(self, result: RowResult, body: dict[str, Any], known_ids: frozenset[int]) -> RowResult:
        resends = 0
        while True:
            self.journal.mark_in_flight(result.row, Action.CREATE, body_sha256(body), known_ids=known_ids)
            try:
                client_id = self.client.create_client(body)
            except InvalidDataError as error:
                return self._finish(result, RowStatus.FAILED, issue=issue_of(error))
            except (AuthenticationError, RequestCancelled) as error:
                # Neither reached the insert: the server returns 401 before it, and a cancel happens before sending.
                self.journal.record(result.row, PENDING)
                raise RowStopped(error) from error
            except RateLimitExceeded as error:
                self.journal.record(result.row, PENDING)  # the server returns 429 without processing the request
                raise RowRetry(error) from error
            except ServerConnectionError as error:
                if not error.maybe_delivered:
                    self.journal.record(result.row, PENDING)
                    raise RowRetry(error) from error
                landed = self._landed(result, body, known_ids, cause=error)
                if landed is not None:
                    return landed
                # The look-up shows the POST did not land; the runner counts the failure and sends it again.
                self.journal.record(result.row, PENDING)
                raise RowRetry(error) from error
            except HttpStatusError as error:
                if error.status_code < 500:
                    return self._finish(result, RowStatus.FAILED, issue=issue_of(error))
                landed = self._landed(result, body, known_ids, cause=error)
                if landed is not None:
                    return landed
                if resends >= self.server_error_resends:
                    return self._finish(result, RowStatus.FAILED, issue=issue_of(error))
                resends += 1
                self.journal.record(result.row, PENDING)
                self._pause(resends, f"HTTP {error.status_code}")
                continue
            except ApiResponseError as error:
                # A 2xx without an id, a redirect or a non-JSON page: the POST may have landed.
                landed = self._landed(result, body, known_ids, cause=error)
                if landed is not None:
                    return landed
                return self._finish(result, RowStatus.FAILED, issue=issue_of(error))
            return self._finish(result, RowStatus.CREATED, client_id=client_id)

    def _landed(
        self, result: RowResult, body: dict[str, Any], known_ids: frozenset[int], cause: ApiError | None = None
    ) -> RowResult | None:
        """Look up a POST whose response was lost; return the final result, or None when it did not land.

        Raises RowRetry when the look-up itself fails on the network; the
        row stays in flight in the journal then.
        """
        try:
            candidates = find_on_server(self.client, body, exclude=known_ids, every_match=True)
        except LookupUndecidable:
            return self._finish(result, RowStatus.NEEDS_REVIEW, issue=Issue(code="in_flight_undecidable"))
        except (ServerConnectionError, RateLimitExceeded) as error:
            raise RowRetry(cause if cause is not None else error) from error
        except (AuthenticationError, RequestCancelled) as error:
            raise RowStopped(error) from error
        except ApiError as error:
            return self._finish(
                result, RowStatus.NEEDS_REVIEW, issue=Issue(code="in_flight_lookup_failed", params=dict(error.params))
            )
        if not candidates:
            logger.info("Row %d: the look-up found no client, so the POST did not land", result.row)
            return None
        if len(candidates) == 1 and company_key(candidates[0].get("company")) == company_key(body.get("company")):
            client_id = client_id_of(candidates[0])
            logger.info("Row %d: the lost POST did land as client %s", result.row, client_id)
            return self._finish(result, RowStatus.CREATED, client_id=client_id)
        ids = sorted(filter(None, (client_id_of(row) for row in candidates)))
        return self._finish(
            result,
            RowStatus.NEEDS_REVIEW,
            issue=Issue(code="in_flight_several", params={"count": len(candidates), "ids": ids}),
        )

    def _update(self, result: RowResult, client_id: int, changes: dict[str, Any]) -> RowResult:
        self.journal.mark_in_flight(result.row, Action.UPDATE, body_sha256(changes), client_id=client_id)
        try:
            self.client.update_client(client_id, changes)
        except (ServerConnectionError, RateLimitExceeded) as error:
            raise RowRetry(error) from error  # stays in flight: the PUT is sent again
        except RequestCancelled as error:
            self.journal.record(result.row, PENDING)
            raise RowStopped(error) from error
        except AuthenticationError as error:
            self.journal.record(result.row, PENDING)
            raise RowStopped(error) from error
        except ApiError as error:
            return self._finish(result, RowStatus.FAILED, client_id=client_id, issue=issue_of(error))
        result.detail = ", ".join(changes)
        return self._finish(result, RowStatus.UPDATED, client_id=client_id)

    def _finish(
        self,
        result: RowResult,
        status: RowStatus,
        *,
        client_id: int | None = None,
        issue: Issue | None = None,
        final: bool = True,
    ) -> RowResult:
        """Set the row's final status and record it in the journal.

        The record is committed with the next in-flight mark, so it is
        durable before any later row is sent (see ``importer.load.journal``).
        ``final=False`` keeps the row pending in the journal, so a resumed
        run tries it again.
        """
        result.status = status
        result.client_id = client_id
        if issue is not None:
            result.issues.append(issue)
        self.journal.record(
            result.row,
            status if final else PENDING,
            client_id=client_id,
            issues=result.issues,
            detail=result.detail,
            defer_commit=True,
        )
        return result

    def _pause(self, retry_number: int, cause: str) -> None:
        with self._rng_lock:
            delay = backoff_delay(retry_number, rng=self._rng)
        logger.info("Waiting %.1f s before sending again after %s", delay, cause)
        try:
            self.client.limiter.wait(delay, WAIT_RETRY_BACKOFF)
        except RequestCancelled as error:
            raise RowStopped(error) from error
