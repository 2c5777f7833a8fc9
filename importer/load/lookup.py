"""Find the Perfex clients that a row matches, at the lowest request cost.

Two strategies: page through the whole client list once and match rows
against a local index, or ask the server about each row (``join?vat=`` for a
CPF/CNPJ of bare digits, the list's ``search`` on the company name
otherwise). ``ExistingFinder.prepare`` picks the one that needs fewer
requests. A row that may have been created moments ago (in flight) is
always looked up on the server, because the index is a snapshot.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from importer.api import WonClient
from importer.api.client import MAX_PAGE_LIMIT

logger = logging.getLogger(__name__)

MIN_SEARCH_CHARS = 2  # the server ignores a shorter search and lists every client
_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Za-z]")
_WHITESPACE = re.compile(r"\s+")


class Strategy(str, Enum):
    """Method used to find existing clients."""

    NONE = "none"  # no row needs a look-up
    INDEX = "index"  # the whole client list, paged once into a local index
    PER_ROW = "per_row"  # one look-up per row


class LookupUndecidable(Exception):
    """The server cannot be asked about this row: no bare-digit CPF/CNPJ and a company name under 2 characters."""


def vat_key(value: Any) -> str:
    """Return a CPF/CNPJ reduced to its letters and digits, upper-case, so masks do not matter."""
    return _NOT_ALPHANUMERIC.sub("", str(value or "")).upper()


def company_key(value: Any) -> str:
    """Return a company name with case and runs of spaces folded, for an equality test."""
    return _WHITESPACE.sub(" ", str(value or "")).strip().casefold()


def client_id_of(row: dict[str, Any]) -> int | None:
    value = row.get("userid")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def matches_row(candidate: dict[str, Any], body: dict[str, Any]) -> bool:
    """Tell whether a stored client is the row's client: same CPF/CNPJ, or same name when the row has none."""
    if body.get("vat"):
        return vat_key(candidate.get("vat")) == vat_key(body["vat"])
    return company_key(candidate.get("company")) == company_key(body.get("company"))


class ClientIndex:
    """Every client of the server by CPF/CNPJ key and by company key."""

    def __init__(self) -> None:
        self.size = 0
        self._by_vat: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._by_company: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.size += 1
            key = vat_key(row.get("vat"))
            if key:
                self._by_vat[key].append(row)
            self._by_company[company_key(row.get("company"))].append(row)

    def find(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        """Return the indexed clients that ``matches_row`` accepts for ``body``."""
        if body.get("vat"):
            return list(self._by_vat.get(vat_key(body["vat"]), ()))
        return list(self._by_company.get(company_key(body.get("company")), ()))


@dataclass
class StrategyReport:
    """The chosen strategy and its request cost, for the line shown before sending."""

    strategy: Strategy
    rows_to_check: int
    requests: int = 0  # requests spent to decide and to build the index
    pages: int = 0
    indexed_clients: int = 0


class ExistingFinder:
    """Find existing clients of rows; safe to share between threads once prepared."""

    def __init__(self, client: WonClient) -> None:
        self.client = client
        self.index: ClientIndex | None = None
        self.report = StrategyReport(Strategy.NONE, 0)

    def prepare(self, rows_to_check: int) -> StrategyReport:
        """Choose the cheaper strategy for ``rows_to_check`` look-ups, and build the index if it wins.

        The first page (100 clients) is fetched in any case. With a total in
        its ``meta`` (2.x), the index costs ceil(total / 100) requests, against
        one per row. Without a total (1.x), pages are fetched while they cost
        fewer requests than the rows, so at worst the run spends twice the
        cheaper strategy's requests.
        """
        self.report = StrategyReport(Strategy.NONE, rows_to_check)
        if rows_to_check == 0:
            return self.report
        index = ClientIndex()
        first = self.client.list_clients(page=1, limit=MAX_PAGE_LIMIT)
        self.report.requests = self.report.pages = 1
        index.add(first.rows)
        if first.total is not None:
            pages = max(1, math.ceil(first.total / MAX_PAGE_LIMIT))
            if pages > rows_to_check:
                return self._per_row()
            self._fetch_pages(index, range(2, pages + 1))
        else:
            page, rows = 1, first.rows
            while len(rows) >= MAX_PAGE_LIMIT:
                if self.report.pages >= rows_to_check:
                    return self._per_row()
                page += 1
                rows = self._fetch_pages(index, [page])
        self.index = index
        self.report.strategy = Strategy.INDEX
        self.report.indexed_clients = index.size
        logger.info("Indexed %d existing clients from %d pages", index.size, self.report.pages)
        return self.report

    def _per_row(self) -> StrategyReport:
        self.report.strategy = Strategy.PER_ROW
        logger.info("Looking up existing clients one row at a time (%d rows)", self.report.rows_to_check)
        return self.report

    def _fetch_pages(self, index: ClientIndex, pages: Iterable[int]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for page in pages:
            rows = self.client.list_clients(page=page, limit=MAX_PAGE_LIMIT).rows
            self.report.requests += 1
            self.report.pages += 1
            index.add(rows)
        return rows

    def find(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        """Return the existing clients that match ``body``, from the index or from the server."""
        if self.index is not None:
            return self.index.find(body)
        return find_on_server(self.client, body)


def find_on_server(
    client: WonClient,
    body: dict[str, Any],
    *,
    exclude: frozenset[int] = frozenset(),
    every_match: bool = False,
) -> list[dict[str, Any]]:
    """Ask the server which clients match ``body``, leaving out the ids in ``exclude``.

    A CPF/CNPJ of bare digits goes through ``join?vat=``, which returns at
    most one client (the oldest). The company search finds the others: it
    runs when that client is excluded or has no id (1.x responses carry none),
    and with ``every_match`` also after a match, so that a second copy shows.
    Raises LookupUndecidable when neither look-up applies.
    """
    vat = str(body.get("vat") or "")
    if vat.isdigit():
        found = client.find_by_vat(vat)
        if found is None:
            return []
        found_id = client_id_of(found)
        usable = found_id is not None and found_id not in exclude and matches_row(found, body)
        searchable = len(str(body.get("company") or "").strip()) >= MIN_SEARCH_CHARS
        if usable and (not every_match or not searchable):
            return [found]
    return [row for row in search_company(client, body) if client_id_of(row) not in exclude]


def search_company(client: WonClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    """Page through the company search and keep the clients that ``matches_row`` accepts."""
    company = str(body.get("company") or "").strip()
    if len(company) < MIN_SEARCH_CHARS:
        raise LookupUndecidable(company)
    matches: list[dict[str, Any]] = []
    page = 1
    while True:
        result = client.list_clients(page=page, limit=MAX_PAGE_LIMIT, search=company)
        matches.extend(row for row in result.rows if matches_row(row, body))
        last_page = result.total_pages if result.total_pages is not None else None
        if len(result.rows) < MAX_PAGE_LIMIT or (last_page is not None and page >= last_page):
            return matches
        page += 1
