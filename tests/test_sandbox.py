"""Tests of the WON API sandbox server over real HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from importer.errors import ConfigurationError
from importer.i18n import set_language
from importer.messages import render
from importer.sandbox import SandboxOptions, SandboxServer
from importer.sandbox.messages import MESSAGES

TOKEN = "sandbox-token"
V2_HEADERS = {"X-API-TOKEN": TOKEN}
V1_HEADERS = {"Authorization": TOKEN}
CLIENTS = "/won_api/won/api/clients"
JOIN = "/won_api/won/join"
STATUS = "/won_api/won/status"

ServerFactory = Callable[..., SandboxServer]


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[ServerFactory]:
    """Start sandboxes with the given options on a database under tmp_path; stop them all at teardown."""
    servers: list[SandboxServer] = []

    def factory(**overrides: object) -> SandboxServer:
        overrides.setdefault("db_path", tmp_path / f"sandbox-{len(servers)}.sqlite3")
        server = SandboxServer(SandboxOptions(**overrides)).start()  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield factory
    for server in servers:
        server.stop()


@pytest.fixture
def sandbox(make_server: ServerFactory) -> SandboxServer:
    return make_server()


@pytest.fixture
def sandbox_v1(make_server: ServerFactory) -> SandboxServer:
    return make_server(api_version=1)


def create(server: SandboxServer, body: object, headers: dict[str, str] = V2_HEADERS) -> requests.Response:
    return requests.post(server.url + CLIENTS, json=body, headers=headers, timeout=5)


# Create


def test_create_v2_status_is_201(sandbox: SandboxServer) -> None:
    response = create(sandbox, {"company": "Padaria Pão Quente"})
    assert response.status_code == 201


def test_create_v2_returns_envelope_with_row(sandbox: SandboxServer) -> None:
    body = create(sandbox, {"company": "Padaria Pão Quente", "country": 32, "vat": "11144477735"}).json()
    assert body["success"] is True
    assert body["data"]["company"] == "Padaria Pão Quente"
    assert body["data"]["country"] == "32"
    assert body["data"]["vat"] == "11144477735"
    assert isinstance(body["timestamp"], int)


def test_create_v2_userid_is_numeric_string(sandbox: SandboxServer) -> None:
    data = create(sandbox, {"company": "Oficina do Zé"}).json()["data"]
    assert data["userid"] == str(sandbox.stored_clients()[0]["userid"])
    assert data["userid"].isdigit()


def test_create_v2_sets_datecreated(sandbox: SandboxServer) -> None:
    data = create(sandbox, {"company": "Oficina do Zé", "datecreated": "1999-01-01 00:00:00"}).json()["data"]
    assert data["datecreated"] != "1999-01-01 00:00:00"
    assert data["datecreated"][:4] == time.strftime("%Y")


def test_create_v2_sends_version_header(sandbox: SandboxServer) -> None:
    response = create(sandbox, {"company": "Oficina do Zé"})
    assert response.headers["X-WON-API-Version"].startswith("2.")


def test_create_v1_returns_200_with_id(sandbox_v1: SandboxServer) -> None:
    response = create(sandbox_v1, {"company": "Oficina do Zé"}, headers=V1_HEADERS)
    assert response.status_code == 200
    assert response.json() == {"id": sandbox_v1.stored_clients()[0]["userid"]}


def test_create_v1_has_no_version_header(sandbox_v1: SandboxServer) -> None:
    response = create(sandbox_v1, {"company": "Oficina do Zé"}, headers=V1_HEADERS)
    assert "X-WON-API-Version" not in response.headers


def test_create_drops_userid_from_body(sandbox: SandboxServer) -> None:
    create(sandbox, {"company": "Primeira"})
    data = create(sandbox, {"company": "Segunda", "userid": 1}).json()["data"]
    assert data["userid"] == "2"
    assert len(sandbox.stored_clients()) == 2


def test_create_twice_stores_two_clients(sandbox: SandboxServer) -> None:
    create(sandbox, {"company": "Mercado Bom Preço", "vat": "11144477735"})
    create(sandbox, {"company": "Mercado Bom Preço", "vat": "11144477735"})
    assert len(sandbox.stored_clients()) == 2


@pytest.mark.parametrize("body", [{}, {"company": ""}, {"company": None}, {"vat": "11144477735"}])
def test_create_without_company_is_400(sandbox: SandboxServer, body: dict[str, object]) -> None:
    response = create(sandbox, body)
    assert response.status_code == 400
    assert response.json()["message"] == "Campo obrigatório: company"
    assert response.json()["error_code"] == "VALIDATION_ERROR"
    assert sandbox.stored_clients() == []


def test_create_v1_without_company_uses_erro_key(sandbox_v1: SandboxServer) -> None:
    response = create(sandbox_v1, {"vat": "1"}, headers=V1_HEADERS)
    assert response.status_code == 400
    assert response.json() == {"erro": "Campo obrigatório: company"}


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b'"text"', b"", b"\xff\xfe"])
def test_create_with_invalid_json_is_400(sandbox: SandboxServer, payload: bytes) -> None:
    response = requests.post(sandbox.url + CLIENTS, data=payload, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 400
    assert response.json()["message"] == "Dados JSON inválidos"
    assert response.json()["error_code"] == "INVALID_JSON"


def test_create_with_unknown_column_is_500(sandbox: SandboxServer) -> None:
    response = create(sandbox, {"company": "Loja", "nome_fantasia": "Loja X"})
    assert response.status_code == 500
    assert response.json()["message"] == "Erro interno do servidor"
    assert response.json()["error_code"] == "INTERNAL_ERROR"
    assert sandbox.stored_clients() == []


def test_create_with_other_real_columns_is_stored(sandbox: SandboxServer) -> None:
    body = {"company": "Loja", "billing_street": "Rua A, 1", "billing_country": 32, "default_language": "portuguese_br"}
    assert create(sandbox, body).status_code == 201
    stored = sandbox.stored_clients()[0]
    assert stored["billing_street"] == "Rua A, 1"
    assert stored["billing_country"] == 32


def test_create_with_overlong_zip_is_500(sandbox: SandboxServer) -> None:
    response = create(sandbox, {"company": "Loja", "zip": "1" * 16})
    assert response.status_code == 500
    assert sandbox.stored_clients() == []


def test_create_with_country_name_is_500(sandbox: SandboxServer) -> None:
    response = create(sandbox, {"company": "Loja", "country": "Brasil"})
    assert response.status_code == 500


def test_create_non_strict_cuts_overlong_text(make_server: ServerFactory) -> None:
    server = make_server(strict_sql=False)
    assert create(server, {"company": "Loja", "zip": "0123456789012345678"}).status_code == 201
    assert server.stored_clients()[0]["zip"] == "012345678901234"


def test_create_non_strict_stores_zero_for_bad_integer(make_server: ServerFactory) -> None:
    server = make_server(strict_sql=False)
    create(server, {"company": "Loja", "country": "Brasil"})
    assert server.stored_clients()[0]["country"] == 0


# Authentication


def test_create_v2_without_token_is_401(sandbox: SandboxServer) -> None:
    response = create(sandbox, {"company": "Loja"}, headers={})
    assert response.status_code == 401
    assert response.json()["error_code"] == "AUTH_MISSING"
    assert sandbox.stored_clients() == []


def test_create_v2_with_wrong_token_is_401(sandbox: SandboxServer) -> None:
    response = create(sandbox, {"company": "Loja"}, headers={"X-API-TOKEN": "wrong"})
    assert response.status_code == 401
    assert response.json()["error_code"] == "AUTH_INVALID"


def test_v2_ignores_authorization_header(sandbox: SandboxServer) -> None:
    response = create(sandbox, {"company": "Loja"}, headers=V1_HEADERS)
    assert response.status_code == 401


@pytest.mark.parametrize("headers", [{}, {"Authorization": "wrong"}, V2_HEADERS, {"Authorization": f"Bearer {TOKEN}"}])
def test_v1_rejects_missing_or_wrong_token(sandbox_v1: SandboxServer, headers: dict[str, str]) -> None:
    response = create(sandbox_v1, {"company": "Loja"}, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"erro": "Token inválido ou não fornecido"}


def test_token_not_configured_is_500(make_server: ServerFactory) -> None:
    server = make_server(token="")
    response = requests.get(server.url + CLIENTS, headers={"X-API-TOKEN": ""}, timeout=5)
    assert response.status_code == 500


def test_status_needs_no_token(sandbox: SandboxServer) -> None:
    response = requests.get(sandbox.url + STATUS, timeout=5)
    assert response.status_code == 200
    assert "tblclients" in response.json()["data"]["tables"]


# Routes


def test_api_alias_route_serves_clients(sandbox: SandboxServer) -> None:
    response = requests.post(sandbox.url + "/api/won/api/clients", json={"company": "Loja"}, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 201


def test_unknown_route_is_404(sandbox: SandboxServer) -> None:
    response = requests.get(sandbox.url + "/won_api/won/api/invoices", headers=V2_HEADERS, timeout=5)
    assert response.status_code == 404


def test_wrong_method_is_405(sandbox: SandboxServer) -> None:
    response = requests.delete(sandbox.url + CLIENTS, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 405


def test_options_is_204_with_cors(sandbox: SandboxServer) -> None:
    response = requests.options(sandbox.url + CLIENTS, timeout=5)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-API-TOKEN" in response.headers["Access-Control-Allow-Headers"]


def test_error_answer_has_cors(sandbox: SandboxServer) -> None:
    response = create(sandbox, {"company": "Loja"}, headers={})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


# List


def test_list_pages_with_meta(sandbox: SandboxServer) -> None:
    for number in range(25):
        create(sandbox, {"company": f"Cliente {number:02d}"})
    body = requests.get(sandbox.url + CLIENTS, params={"page": 3, "limit": 10}, headers=V2_HEADERS, timeout=5).json()
    assert [row["company"] for row in body["data"]] == [f"Cliente {number}" for number in range(20, 25)]
    assert body["meta"] == {"page": 3, "limit": 10, "total": 25, "total_pages": 3}


def test_list_caps_limit_at_100(sandbox: SandboxServer) -> None:
    body = requests.get(sandbox.url + CLIENTS, params={"limit": 500}, headers=V2_HEADERS, timeout=5).json()
    assert body["meta"]["limit"] == 100


def test_list_search_matches_company_substring(sandbox: SandboxServer) -> None:
    create(sandbox, {"company": "Padaria São João"})
    create(sandbox, {"company": "Mercado Central"})
    body = requests.get(sandbox.url + CLIENTS, params={"search": "sao jo"}, headers=V2_HEADERS, timeout=5).json()
    assert [row["company"] for row in body["data"]] == ["Padaria São João"]


def test_list_search_treats_percent_literally(sandbox: SandboxServer) -> None:
    create(sandbox, {"company": "Loja 100% Natural"})
    create(sandbox, {"company": "Loja 1000"})
    body = requests.get(sandbox.url + CLIENTS, params={"search": "100%"}, headers=V2_HEADERS, timeout=5).json()
    assert [row["company"] for row in body["data"]] == ["Loja 100% Natural"]


def test_list_ignores_one_character_search(sandbox: SandboxServer) -> None:
    create(sandbox, {"company": "Alfa"})
    create(sandbox, {"company": "Beta"})
    body = requests.get(sandbox.url + CLIENTS, params={"search": "x"}, headers=V2_HEADERS, timeout=5).json()
    assert body["meta"]["total"] == 2


def test_list_v1_is_bare_array(sandbox_v1: SandboxServer) -> None:
    create(sandbox_v1, {"company": "Alfa"}, headers=V1_HEADERS)
    body = requests.get(sandbox_v1.url + CLIENTS, headers=V1_HEADERS, timeout=5).json()
    assert [row["company"] for row in body] == ["Alfa"]


# One client


def test_get_client_by_id(sandbox: SandboxServer) -> None:
    userid = create(sandbox, {"company": "Alfa"}).json()["data"]["userid"]
    response = requests.get(f"{sandbox.url}{CLIENTS}/{userid}", headers=V2_HEADERS, timeout=5)
    assert response.json()["data"]["company"] == "Alfa"


def test_get_missing_client_is_404(sandbox: SandboxServer) -> None:
    response = requests.get(f"{sandbox.url}{CLIENTS}/999", headers=V2_HEADERS, timeout=5)
    assert response.status_code == 404
    assert response.json()["message"] == "Cliente não encontrado"


def test_put_updates_only_given_columns(sandbox: SandboxServer) -> None:
    userid = create(sandbox, {"company": "Alfa", "city": "Recife"}).json()["data"]["userid"]
    response = requests.put(f"{sandbox.url}{CLIENTS}/{userid}", json={"phonenumber": "+5581999990000"}, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 200
    stored = sandbox.stored_clients()[0]
    assert stored["phonenumber"] == "+5581999990000"
    assert stored["city"] == "Recife"
    assert stored["company"] == "Alfa"


def test_put_with_unknown_column_is_500(sandbox: SandboxServer) -> None:
    userid = create(sandbox, {"company": "Alfa"}).json()["data"]["userid"]
    response = requests.put(f"{sandbox.url}{CLIENTS}/{userid}", json={"cidade": "Recife"}, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 500


def test_put_missing_client_is_404(sandbox: SandboxServer) -> None:
    response = requests.put(f"{sandbox.url}{CLIENTS}/999", json={"city": "Recife"}, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 404


def test_delete_removes_client(sandbox: SandboxServer) -> None:
    userid = create(sandbox, {"company": "Alfa"}).json()["data"]["userid"]
    response = requests.delete(f"{sandbox.url}{CLIENTS}/{userid}", headers=V2_HEADERS, timeout=5)
    assert response.status_code == 200
    assert sandbox.stored_clients() == []


# Join by CPF/CNPJ


def test_join_finds_bare_digits_from_masked_input(sandbox: SandboxServer) -> None:
    create(sandbox, {"company": "Alfa", "vat": "11222333000181"})
    response = requests.get(sandbox.url + JOIN, params={"vat": "11.222.333/0001-81"}, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 200
    assert response.json()["data"]["company"] == "Alfa"


def test_join_cannot_find_masked_stored_vat(sandbox: SandboxServer) -> None:
    create(sandbox, {"company": "Alfa", "vat": "11.222.333/0001-81"})
    response = requests.get(sandbox.url + JOIN, params={"vat": "11.222.333/0001-81"}, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 404


def test_join_cannot_find_alphanumeric_cnpj(sandbox: SandboxServer) -> None:
    create(sandbox, {"company": "Alfa", "vat": "12ABC34501DE35"})
    response = requests.get(sandbox.url + JOIN, params={"vat": "12ABC34501DE35"}, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 404


def test_join_not_found_is_404(sandbox: SandboxServer) -> None:
    response = requests.get(sandbox.url + JOIN, params={"vat": "111.444.777-35"}, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 404
    assert response.json()["message"] == "Cliente não encontrado"


def test_join_v1_not_found_is_empty_array(sandbox_v1: SandboxServer) -> None:
    response = requests.get(sandbox_v1.url + JOIN, params={"vat": "11144477735"}, headers=V1_HEADERS, timeout=5)
    assert response.status_code == 200
    assert response.json() == []


def test_join_v1_returns_array_of_rows(sandbox_v1: SandboxServer) -> None:
    create(sandbox_v1, {"company": "Alfa", "vat": "11144477735"}, headers=V1_HEADERS)
    response = requests.get(sandbox_v1.url + JOIN, params={"vat": "111.444.777-35"}, headers=V1_HEADERS, timeout=5)
    assert [row["company"] for row in response.json()] == ["Alfa"]


# VAT validation of the 2.1.x builds


def test_validate_vat_stores_bare_digits(make_server: ServerFactory) -> None:
    server = make_server(validate_vat=True)
    assert create(server, {"company": "Alfa", "vat": "111.444.777-35"}).status_code == 201
    assert server.stored_clients()[0]["vat"] == "11144477735"


@pytest.mark.parametrize(
    ("vat", "message"),
    [
        ("123.456", "CPF/CNPJ deve ter 11 ou 14 dígitos: 123.456"),
        ("12.ABC.345/01DE-35", "CPF/CNPJ deve ter 11 ou 14 dígitos: 12.ABC.345/01DE-35"),
        ("111.111.111-11", "CPF/CNPJ não pode ter todos os dígitos iguais: 111.111.111-11"),
    ],
)
def test_validate_vat_rejects_with_422(make_server: ServerFactory, vat: str, message: str) -> None:
    server = make_server(validate_vat=True)
    response = create(server, {"company": "Alfa", "vat": vat})
    assert response.status_code == 422
    assert response.json()["message"] == message
    assert response.json()["error_code"] == "VALIDATION_ERROR"
    assert server.stored_clients() == []


def test_vat_not_validated_by_default(sandbox: SandboxServer) -> None:
    assert create(sandbox, {"company": "Alfa", "vat": "123"}).status_code == 201


# Rate limit


def test_rate_limit_headers_count_down(make_server: ServerFactory) -> None:
    server = make_server(rate_limit=5, rate_window=3600.0)
    first = requests.get(server.url + STATUS, timeout=5)
    second = requests.get(server.url + STATUS, timeout=5)
    assert first.headers["X-RateLimit-Limit"] == "5"
    assert first.headers["X-RateLimit-Remaining"] == "4"
    assert second.headers["X-RateLimit-Remaining"] == "3"


def test_rate_limit_reset_is_window_end(make_server: ServerFactory) -> None:
    server = make_server(rate_limit=5, rate_window=3600.0)
    reset = int(requests.get(server.url + STATUS, timeout=5).headers["X-RateLimit-Reset"])
    assert reset % 3600 == 0
    assert 0 < reset - time.time() <= 3600


def test_rate_limit_exceeded_is_429(make_server: ServerFactory) -> None:
    server = make_server(rate_limit=2, rate_window=3600.0)
    create(server, {"company": "Alfa"})
    create(server, {"company": "Beta"})
    response = create(server, {"company": "Gama"})
    assert response.status_code == 429
    assert response.json()["error_code"] == "RATE_LIMIT_EXCEEDED"
    assert response.json()["message"].startswith("Rate limit excedido. Tente novamente em ")
    assert response.headers["X-RateLimit-Remaining"] == "0"
    assert [row["company"] for row in server.stored_clients()] == ["Alfa", "Beta"]


def test_rate_limit_retry_after_is_whole_seconds(make_server: ServerFactory) -> None:
    server = make_server(rate_limit=1, rate_window=3600.0)
    requests.get(server.url + STATUS, timeout=5)
    retry_after = int(requests.get(server.url + STATUS, timeout=5).headers["Retry-After"])
    assert 1 <= retry_after <= 3600


def test_rate_limit_window_ends(make_server: ServerFactory) -> None:
    server = make_server(rate_limit=1, rate_window=1.0)
    # Three quick requests put at least two in one window, even when they straddle a window end.
    responses = [requests.get(server.url + STATUS, timeout=5) for _ in range(3)]
    limited = [response for response in responses if response.status_code == 429]
    assert limited
    time.sleep(int(limited[-1].headers["Retry-After"]) + 0.05)
    assert requests.get(server.url + STATUS, timeout=5).status_code == 200


def test_no_rate_limit_headers_when_off(sandbox: SandboxServer) -> None:
    response = requests.get(sandbox.url + STATUS, timeout=5)
    assert "X-RateLimit-Limit" not in response.headers


# Faults


def test_fault_503_stores_nothing(make_server: ServerFactory) -> None:
    server = make_server(fault_503=1.0)
    response = create(server, {"company": "Alfa"})
    assert response.status_code == 503
    assert server.stored_clients() == []


def test_fault_500_stores_nothing(make_server: ServerFactory) -> None:
    server = make_server(fault_500=1.0)
    response = create(server, {"company": "Alfa"})
    assert response.status_code == 500
    assert server.stored_clients() == []


def test_fault_503_applies_to_put(make_server: ServerFactory, tmp_path: Path) -> None:
    db_path = tmp_path / "shared.sqlite3"
    userid = create(make_server(db_path=db_path), {"company": "Alfa"}).json()["data"]["userid"]
    faulty = make_server(db_path=db_path, fault_503=1.0)
    response = requests.put(f"{faulty.url}{CLIENTS}/{userid}", json={"city": "Recife"}, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 503
    assert faulty.stored_clients()[0]["city"] is None


def test_faults_spare_gets(make_server: ServerFactory) -> None:
    server = make_server(fault_503=1.0)
    response = requests.get(server.url + CLIENTS, headers=V2_HEADERS, timeout=5)
    assert response.status_code == 200


def test_drop_after_store_keeps_row(make_server: ServerFactory) -> None:
    server = make_server(fault_drop_after_store=1.0)
    with pytest.raises(requests.ConnectionError):
        create(server, {"company": "Alfa"})
    assert [row["company"] for row in server.stored_clients()] == ["Alfa"]


def test_hang_times_out_and_stores_nothing(make_server: ServerFactory) -> None:
    server = make_server(fault_hang=1.0)
    with pytest.raises(requests.ReadTimeout):
        requests.post(server.url + CLIENTS, json={"company": "Alfa"}, headers=V2_HEADERS, timeout=0.5)
    assert server.stored_clients() == []


def test_stop_releases_hanging_request(make_server: ServerFactory) -> None:
    server = make_server(fault_hang=1.0)
    errors: list[BaseException] = []

    def post() -> None:
        try:
            create(server, {"company": "Alfa"})
        except requests.RequestException as error:
            errors.append(error)

    client = threading.Thread(target=post)
    client.start()
    time.sleep(0.3)
    started = time.monotonic()
    server.stop()
    client.join(5)
    assert time.monotonic() - started < 3
    assert not client.is_alive()
    assert len(errors) == 1


def test_seeded_faults_repeat(make_server: ServerFactory) -> None:
    runs = []
    for _ in range(2):
        server = make_server(fault_503=0.3, fault_500=0.3, seed=42)
        runs.append([create(server, {"company": f"C{number}"}).status_code for number in range(30)])
    assert runs[0] == runs[1]
    assert {201, 500, 503} <= set(runs[0])


def test_latency_delays_answer(make_server: ServerFactory) -> None:
    server = make_server(latency_ms=200)
    started = time.monotonic()
    requests.get(server.url + STATUS, timeout=5)
    assert time.monotonic() - started >= 0.2


# Request counting


def test_request_count_by_route_and_method(make_server: ServerFactory) -> None:
    server = make_server(fault_503=1.0)
    create(server, {"company": "Alfa"})
    create(server, {"company": "Beta"})
    requests.get(server.url + JOIN, params={"vat": "1"}, headers=V2_HEADERS, timeout=5)
    assert server.request_count("POST", "clients") == 2
    assert server.request_count(route="join") == 1
    assert server.request_count() == 3


def test_request_count_includes_429(make_server: ServerFactory) -> None:
    server = make_server(rate_limit=1)
    requests.get(server.url + STATUS, timeout=5)
    requests.get(server.url + STATUS, timeout=5)
    assert server.request_count("GET", "status") == 2


def test_reset_counts_clears(sandbox: SandboxServer) -> None:
    requests.get(sandbox.url + STATUS, timeout=5)
    sandbox.reset_counts()
    assert sandbox.request_count() == 0


# Lifecycle and load


def test_concurrent_clients_all_stored(sandbox: SandboxServer) -> None:
    statuses: list[int] = []
    lock = threading.Lock()

    def send_many(worker: int) -> None:
        with requests.Session() as session:
            for number in range(100):
                response = session.post(
                    sandbox.url + CLIENTS, json={"company": f"W{worker} C{number}"}, headers=V2_HEADERS, timeout=10
                )
                with lock:
                    statuses.append(response.status_code)

    workers = [threading.Thread(target=send_many, args=(worker,)) for worker in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert statuses == [201] * 800
    assert len({row["userid"] for row in sandbox.stored_clients()}) == 800


def test_restart_keeps_rows(tmp_path: Path) -> None:
    server = SandboxServer(SandboxOptions(db_path=tmp_path / "kept.sqlite3"))
    with server:
        create(server, {"company": "Alfa"})
    with server:
        create(server, {"company": "Beta"})
    assert [row["userid"] for row in server.stored_clients()] == [1, 2]


def test_default_database_is_temporary_file() -> None:
    server = SandboxServer()
    try:
        assert server.db_path.exists()
        assert server.db_path.name.startswith("perfex-sandbox-")
    finally:
        server.db_path.unlink()


def test_stop_twice_is_harmless(sandbox: SandboxServer) -> None:
    sandbox.stop()
    sandbox.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(sandbox.url + STATUS, timeout=2)


def test_port_in_use_raises(sandbox: SandboxServer, tmp_path: Path) -> None:
    port = int(sandbox.url.rsplit(":", 1)[1])
    with pytest.raises(ConfigurationError) as raised:
        SandboxServer(SandboxOptions(port=port, db_path=tmp_path / "other.sqlite3")).start()
    assert raised.value.code == "sandbox_port_unavailable"


def test_unusable_database_raises(tmp_path: Path) -> None:
    path = tmp_path / "not-sqlite.sqlite3"
    path.write_bytes(b"this is not an SQLite file" * 100)
    with pytest.raises(ConfigurationError) as raised:
        SandboxServer(SandboxOptions(db_path=path)).start()
    assert raised.value.code == "sandbox_database_unusable"


INVALID_OPTIONS = [
    ({"fault_503": 1.5}, "sandbox_probability_invalid"),
    ({"fault_503": 0.6, "fault_hang": 0.6}, "sandbox_fault_total_invalid"),
    ({"api_version": 3}, "sandbox_api_version_invalid"),
    ({"rate_limit": 0}, "sandbox_rate_limit_invalid"),
    ({"rate_window": 0}, "sandbox_rate_window_invalid"),
    ({"latency_ms": -1}, "sandbox_latency_invalid"),
    ({"port": 70000}, "sandbox_port_invalid"),
]


@pytest.mark.parametrize(("overrides", "code"), INVALID_OPTIONS)
def test_invalid_options_raise(overrides: dict[str, object], code: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        SandboxOptions(**overrides)  # type: ignore[arg-type]
    assert raised.value.code == code


def test_every_error_code_has_message() -> None:
    raised_codes = {code for _, code in INVALID_OPTIONS} | {"sandbox_port_unavailable", "sandbox_database_unusable"}
    assert raised_codes <= set(MESSAGES)


def test_every_message_renders_in_pt_br() -> None:
    set_language("en")
    english = {code: render(code) for code in MESSAGES}
    set_language("pt_BR")
    assert [code for code in MESSAGES if render(code) == english[code]] == []


def test_free_port_is_assigned(sandbox: SandboxServer) -> None:
    port = int(sandbox.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        assert port > 0


SERVE_SCRIPT = """
import logging, sys
from pathlib import Path
from importer.sandbox import SandboxOptions, SandboxServer
from importer.sandbox.messages import MESSAGES
logging.basicConfig(level=logging.INFO, format="%(message)s")
SandboxServer(SandboxOptions(db_path=Path(sys.argv[1]))).serve_forever(
    on_ready=lambda server: print(server.url, flush=True)
)
print("returned", flush=True)
"""


def test_serve_forever_returns_on_ctrl_c(tmp_path: Path) -> None:
    repo_root = Path(__file__).resolve().parents[1]
    environment = {**os.environ, "PYTHONPATH": str(repo_root)}
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE_SCRIPT, str(tmp_path / "foreground.sqlite3")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
    )
    try:
        url = process.stdout.readline().strip()  # type: ignore[union-attr]
        assert requests.get(url + STATUS, timeout=5).status_code == 200
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0
    assert stdout.strip() == "returned"
    assert "WON API sandbox stopped" in stderr
    assert "Traceback" not in stderr
