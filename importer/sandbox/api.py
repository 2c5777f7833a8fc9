"""Routes of the WON API and what the module's PHP controller does for each of them."""

from __future__ import annotations

import hmac
import json
import logging
import math
import re
from dataclasses import dataclass
from email.message import Message
from typing import Any

from importer.sandbox import wire
from importer.sandbox.options import SandboxOptions
from importer.sandbox.store import ClientStore, ColumnError, prepare_values
from importer.sandbox.wire import ApiResponse, api_row, failure, success

logger = logging.getLogger(__name__)

# "/won_api/won/..." is the module's own route and "/api/won/..." the alias some
# installs add; "/index.php" appears on sites without URL rewriting.
ROUTE_PATTERN = re.compile(
    r"^(?:/index\.php)?/(?:won_api/won|api/won)"
    r"(?:/(?P<status>status)|/api/(?P<clients>clients)(?:/(?P<userid>\d+))?|/(?P<join>join))/?$"
)
ALLOWED_METHODS = {
    "status": frozenset({"GET"}),
    "clients": frozenset({"GET", "POST"}),
    "client": frozenset({"GET", "PUT", "DELETE"}),
    "join": frozenset({"GET"}),
}
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MIN_SEARCH_LENGTH = 2
TABLES = ["tblclients"]


@dataclass(frozen=True)
class Route:
    """A matched route: its kind ("status", "clients", "client", "join" or "unknown") and client id."""

    kind: str
    userid: int | None = None


def match_route(path: str) -> Route:
    """Return the route of a URL path without its query string."""
    match = ROUTE_PATTERN.match(path)
    if match is None:
        return Route("unknown")
    if match["status"]:
        return Route("status")
    if match["join"]:
        return Route("join")
    if match["userid"] is not None:
        return Route("client", int(match["userid"]))
    return Route("clients")


def digits_only(text: str) -> str:
    return "".join(char for char in text if char.isascii() and char.isdigit())


def parse_positive_int(text: str | None, default: int) -> int:
    """Read a query parameter as PHP's intval would, falling back to ``default`` below 1."""
    match = re.match(r"\s*[+-]?\d+", text or "")
    value = int(match.group()) if match else 0
    return value if value >= 1 else default


class WonApi:
    """Serves authenticated WON API requests from a ClientStore, as version 1.x or 2.x."""

    def __init__(self, store: ClientStore, options: SandboxOptions) -> None:
        self.store = store
        self.options = options
        self.version = options.api_version

    def authenticate(self, headers: Message) -> ApiResponse | None:
        """Return the 401 or 500 response for a bad token, or None when the token is valid."""
        header = "X-API-TOKEN" if self.version == 2 else "Authorization"
        sent = headers.get(header)
        if not self.options.token:
            return failure(self.version, 500, "INTERNAL_ERROR", wire.MSG_TOKEN_NOT_CONFIGURED)
        if not sent:
            return self._auth_failure("AUTH_MISSING", wire.MSG_AUTH_MISSING)
        if not hmac.compare_digest(sent.encode("utf-8"), self.options.token.encode("utf-8")):
            return self._auth_failure("AUTH_INVALID", wire.MSG_AUTH_INVALID)
        return None

    def _auth_failure(self, error_code: str, message: str) -> ApiResponse:
        return failure(self.version, 401, error_code, message if self.version == 2 else wire.MSG_AUTH_V1)

    def handle(self, method: str, route: Route, query: dict[str, str], body: bytes) -> ApiResponse:
        """Serve one request whose route, method and token are already checked."""
        if route.kind == "status":
            return self.status()
        if route.kind == "join":
            return self.join(query.get("vat", ""))
        if route.kind == "clients" and method == "GET":
            return self.list_clients(query)
        if route.kind == "clients":
            return self.create(body)
        assert route.userid is not None
        if method == "GET":
            return self.get_client(route.userid)
        if method == "PUT":
            return self.update(route.userid, body)
        return self.delete(route.userid)

    def status(self) -> ApiResponse:
        data = {"status": "online", "version": wire.SERVER_VERSIONS[self.version], "tables": TABLES}
        return success(self.version, 200, data, wire.MSG_ONLINE)

    def list_clients(self, query: dict[str, str]) -> ApiResponse:
        page = parse_positive_int(query.get("page"), 1)
        limit = min(parse_positive_int(query.get("limit"), DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
        search = query.get("search", "").strip()
        result = self.store.list_page(page, limit, search if len(search) >= MIN_SEARCH_LENGTH else None)
        rows = [api_row(row) for row in result.rows]
        meta = {
            "page": page,
            "limit": limit,
            "total": result.total,
            "total_pages": math.ceil(result.total / limit),
        }
        return success(self.version, 200, rows, wire.MSG_LISTED, meta=meta)

    def get_client(self, userid: int) -> ApiResponse:
        row = self.store.get(userid)
        if row is None:
            return self._not_found()
        return success(self.version, 200, api_row(row), wire.MSG_FOUND)

    def join(self, vat: str) -> ApiResponse:
        digits = digits_only(vat)
        # An input without digits matches nothing, rather than every client with an empty vat.
        rows: list[dict[str, Any]] = []
        if digits:
            # 2.x returns only the first match, so it reads only one row.
            limit = -1 if self.version == 1 else 1
            rows = self.store.find_by_vat(digits, limit)
        if self.version == 1:
            # NOTE: real 1.x builds join contacts and invoices into these rows, and their
            # column names are not confirmed, so the sandbox returns plain client rows.
            return ApiResponse(200, [api_row(row) for row in rows])
        if not rows:
            return self._not_found()
        return success(self.version, 200, api_row(rows[0]), wire.MSG_FOUND)

    def create(self, body: bytes) -> ApiResponse:
        parsed = self._parse_body(body)
        if isinstance(parsed, ApiResponse):
            return parsed
        if parsed.get("company") in (None, ""):
            return failure(self.version, 400, "VALIDATION_ERROR", wire.MSG_COMPANY_REQUIRED)
        values = self._prepare(parsed)
        if isinstance(values, ApiResponse):
            return values
        row = self.store.insert(values)
        return success(
            self.version, 201 if self.version == 2 else 200, api_row(row), wire.MSG_CREATED,
            v1_body={"id": row["userid"]},
        )

    def update(self, userid: int, body: bytes) -> ApiResponse:
        parsed = self._parse_body(body)
        if isinstance(parsed, ApiResponse):
            return parsed
        if "company" in parsed and parsed["company"] in (None, ""):
            return failure(self.version, 400, "VALIDATION_ERROR", wire.MSG_COMPANY_REQUIRED)
        values = self._prepare(parsed)
        if isinstance(values, ApiResponse):
            return values
        row = self.store.update(userid, values)
        if row is None:
            return self._not_found()
        return success(self.version, 200, api_row(row), wire.MSG_UPDATED)

    def delete(self, userid: int) -> ApiResponse:
        if not self.store.delete(userid):
            return self._not_found()
        return success(
            self.version, 200, {"userid": str(userid)}, wire.MSG_DELETED, v1_body={"id": userid}
        )

    def _parse_body(self, body: bytes) -> dict[str, Any] | ApiResponse:
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            parsed = None
        if not isinstance(parsed, dict):
            return failure(self.version, 400, "INVALID_JSON", wire.MSG_INVALID_JSON)
        return parsed

    def _prepare(self, body: dict[str, Any]) -> dict[str, Any] | ApiResponse:
        """Check and convert the body's columns; return the 422 or 500 response when they fail."""
        try:
            values = prepare_values(body, strict=self.options.strict_sql)
        except ColumnError as error:
            # The real server hides the database error, so the log names the failing column for the developer.
            logger.warning("sandbox rejected a request body: %s", error)
            return failure(self.version, 500, "INTERNAL_ERROR", wire.MSG_INTERNAL_ERROR)
        if self.options.validate_vat and values.get("vat"):
            return self._validate_vat(values)
        return values

    def _validate_vat(self, values: dict[str, Any]) -> dict[str, Any] | ApiResponse:
        """Keep only the digits of ``vat``, as the validating 2.1.x builds do, or return their 422."""
        original = values["vat"]
        digits = digits_only(original)
        if len(digits) not in (11, 14):
            return failure(self.version, 422, "VALIDATION_ERROR", wire.MSG_VAT_LENGTH.format(value=original))
        if len(set(digits)) == 1:
            return failure(self.version, 422, "VALIDATION_ERROR", wire.MSG_VAT_REPEATED.format(value=original))
        return {**values, "vat": digits}

    def _not_found(self) -> ApiResponse:
        return failure(self.version, 404, "NOT_FOUND", wire.MSG_CLIENT_NOT_FOUND)
