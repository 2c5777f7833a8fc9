"""Send valid rows to the WON API, one POST per row, and record each outcome."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from importer.api import (
    AuthenticationError,
    HttpStatusError,
    InvalidDataError,
    ServerConnectionError,
    WonClient,
)
from importer.errors import ImporterError
from importer.issues import Issue
from importer.mapping.model import PERFEX_FIELDS
from importer.report.model import RowResult
from importer.status import RowStatus

logger = logging.getLogger(__name__)


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
        body[name] = int(value) if name in ("country", "active") else str(value)
    return body


class RowSender:
    """Create one client per valid row; stop the run at the first authentication error."""

    def __init__(self, client: WonClient) -> None:
        self.client = client
        self.stopped_by: ImporterError | None = None

    def process(self, results: Iterable[RowResult]) -> Iterator[RowResult]:
        """Yield every result; valid rows come back created, failed or not sent."""
        for result in results:
            if result.status is not RowStatus.VALID:
                yield result
                continue
            if self.stopped_by is not None:
                result.status = RowStatus.NOT_SENT
                yield result
                continue
            yield self._send(result)

    def _send(self, result: RowResult) -> RowResult:
        try:
            result.client_id = self.client.create_client(request_body(result.values))
            result.status = RowStatus.CREATED
        except InvalidDataError as error:
            result.status = RowStatus.FAILED
            result.issues.append(Issue(code=error.code, params=dict(error.params)))
        except HttpStatusError as error:
            result.status = RowStatus.FAILED
            result.issues.append(Issue(code=error.code, params=dict(error.params)))
        except AuthenticationError as error:
            # Every later request would fail the same way: stop and report the rest as not sent.
            self.stopped_by = error
            result.status = RowStatus.NOT_SENT
            result.issues.append(Issue(code=error.code, params=dict(error.params)))
        except ServerConnectionError as error:
            self.stopped_by = error
            # NOTE: a request that may have reached the server is not looked up here yet,
            # so it is reported for review instead of being sent again.
            result.status = RowStatus.NEEDS_REVIEW if error.params.get("maybe_delivered") else RowStatus.NOT_SENT
            result.issues.append(Issue(code=error.code, params=dict(error.params)))
        return result
