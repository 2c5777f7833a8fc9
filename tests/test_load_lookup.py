"""Finding existing clients: the cheaper strategy, its request cost and exact matching."""

from __future__ import annotations

import random

import pytest

from importer.api import WonClient
from importer.load.lookup import (
    ClientIndex,
    ExistingFinder,
    LookupUndecidable,
    Strategy,
    company_key,
    find_on_server,
    vat_key,
)
from importer.sandbox import SandboxOptions, SandboxServer
from importer.validate.documents import format_cnpj, generate_cnpj

TOKEN = "test-token"


def start_sandbox(**settings) -> SandboxServer:
    return SandboxServer(SandboxOptions(token=TOKEN, **settings)).start()


def store_clients(server: SandboxServer, count: int, seed: int = 1) -> list[dict]:
    """Create ``count`` clients through the API and return their bodies."""
    rng = random.Random(seed)
    client = WonClient(server.url, TOKEN, api_version=server.options.api_version)
    bodies = [{"company": f"Cliente {index} Ltda", "vat": generate_cnpj(rng)} for index in range(count)]
    for body in bodies:
        client.create_client(body)
    server.reset_counts()
    return bodies


@pytest.fixture
def server():
    started = start_sandbox()
    yield started
    started.stop()


def test_vat_key_ignores_mask():
    assert vat_key("11.222.333/0001-81") == "11222333000181"


def test_vat_key_upper_cases_letters():
    assert vat_key("12.abc.345/01de-35") == "12ABC34501DE35"


def test_company_key_folds_case_and_spaces():
    assert company_key("  ACME   Ltda ") == company_key("acme ltda")


def test_index_matches_masked_vat():
    index = ClientIndex()
    index.add([{"userid": "1", "company": "A", "vat": "11.222.333/0001-81"}])
    assert len(index.find({"company": "B", "vat": "11222333000181"})) == 1


def test_index_matches_company_without_vat():
    index = ClientIndex()
    index.add([{"userid": "1", "company": "ACME Ltda", "vat": ""}])
    assert len(index.find({"company": "acme  ltda"})) == 1


def test_index_wins_for_many_rows(server: SandboxServer):
    store_clients(server, 250)
    finder = ExistingFinder(WonClient(server.url, TOKEN))
    report = finder.prepare(rows_to_check=10)
    assert report.strategy is Strategy.INDEX
    assert report.indexed_clients == 250
    assert server.request_count("GET", "clients") == 3


def test_per_row_wins_for_few_rows(server: SandboxServer):
    store_clients(server, 250)
    finder = ExistingFinder(WonClient(server.url, TOKEN))
    report = finder.prepare(rows_to_check=2)
    assert report.strategy is Strategy.PER_ROW
    assert server.request_count() == 1


def test_no_rows_cost_nothing(server: SandboxServer):
    report = ExistingFinder(WonClient(server.url, TOKEN)).prepare(rows_to_check=0)
    assert report.strategy is Strategy.NONE
    assert server.request_count() == 0


def test_per_row_finds_by_join(server: SandboxServer):
    bodies = store_clients(server, 3)
    finder = ExistingFinder(WonClient(server.url, TOKEN))
    finder.prepare(rows_to_check=0)
    found = finder.find({"company": "whatever", "vat": bodies[1]["vat"]})
    assert [row["company"] for row in found] == ["Cliente 1 Ltda"]
    assert server.request_count("GET", "join") == 1


def test_masked_vat_is_searched_by_company(server: SandboxServer):
    bodies = store_clients(server, 3)
    client = WonClient(server.url, TOKEN)
    found = find_on_server(client, {"company": "Cliente 2 Ltda", "vat": format_cnpj(bodies[2]["vat"])})
    assert len(found) == 1
    assert server.request_count("GET", "join") == 0


def test_search_compares_company_exactly(server: SandboxServer):
    store_clients(server, 12)
    client = WonClient(server.url, TOKEN)
    # "Cliente 1 Ltda" is a substring match of "Cliente 11 Ltda" only through LIKE, never through equality.
    found = find_on_server(client, {"company": "Cliente 1 Ltda"})
    assert len(found) == 1


def test_excluded_join_match_falls_back_to_search(server: SandboxServer):
    bodies = store_clients(server, 1)
    client = WonClient(server.url, TOKEN)
    second_id = client.create_client(dict(bodies[0]))
    found = find_on_server(client, bodies[0], exclude=frozenset({1}))
    assert [int(row["userid"]) for row in found] == [second_id]


def test_short_company_without_vat_is_undecidable(server: SandboxServer):
    with pytest.raises(LookupUndecidable):
        find_on_server(WonClient(server.url, TOKEN), {"company": "X"})


def test_version_1_pages_without_total():
    server = start_sandbox(api_version=1)
    try:
        store_clients(server, 150)
        finder = ExistingFinder(WonClient(server.url, TOKEN, api_version=1))
        report = finder.prepare(rows_to_check=5)
    finally:
        server.stop()
    assert report.strategy is Strategy.INDEX
    assert report.indexed_clients == 150
    assert report.requests == 2


def test_version_1_stops_paging_at_row_count():
    server = start_sandbox(api_version=1)
    try:
        store_clients(server, 250)
        finder = ExistingFinder(WonClient(server.url, TOKEN, api_version=1))
        report = finder.prepare(rows_to_check=1)
    finally:
        server.stop()
    assert report.strategy is Strategy.PER_ROW
    assert report.requests == 1
