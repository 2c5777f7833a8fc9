"""Tests of WonClient against `responses` for exact edge cases and real sockets on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import socket
import string
import threading
from collections.abc import Iterator

import pytest
import requests
import responses
from responses import matchers

from importer.api import (
    ApiResponseError,
    AuthenticationError,
    HttpStatusError,
    InvalidDataError,
    RateLimiter,
    RateLimitExceeded,
    RequestCancelled,
    ServerConnectionError,
    WonClient,
    normalize_base_url,
)
from importer.api.messages import MESSAGES
from importer.errors import ConfigurationError
from importer.exit_codes import ExitCode
from importer.i18n import set_language
from importer.messages import render

BASE = "https://crm.example.com.br"
CLIENTS = BASE + "/won_api/won/api/clients"
JOIN = BASE + "/won_api/won/join"
STATUS = BASE + "/won_api/won/status"
TOKEN = "tok-7f3a9c1e5b"
START = 1_733_300_000.0


class FakeClock:
    """Monotonic and wall clock in one; ``sleep`` advances it instead of waiting."""

    def __init__(self) -> None:
        self.now = START
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def waits() -> list[tuple[float, str]]:
    return []


@pytest.fixture
def limiter(clock: FakeClock, waits: list[tuple[float, str]]) -> RateLimiter:
    return RateLimiter(
        sleep=clock.sleep, clock=clock, wall_clock=clock, on_wait=lambda seconds, reason: waits.append((seconds, reason))
    )


@pytest.fixture
def client(limiter: RateLimiter) -> WonClient:
    return WonClient(BASE, TOKEN, limiter=limiter, retries=3)


@pytest.fixture
def client_v1(limiter: RateLimiter) -> WonClient:
    return WonClient(BASE, TOKEN, api_version=1, limiter=limiter, retries=3)


@pytest.fixture
def api() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


# Creating clients


def test_create_v2_userid_as_string(api: responses.RequestsMock, client: WonClient) -> None:
    body = {"company": "Padaria São João Ltda", "vat": "11222333000181", "country": 32}
    api.post(
        CLIENTS,
        status=201,
        json={"success": True, "data": {"userid": "42", "company": "Padaria São João Ltda"}, "message": "Registro criado"},
        match=[matchers.json_params_matcher(body, strict_match=True), matchers.header_matcher({"X-API-TOKEN": TOKEN})],
    )

    assert client.create_client(body) == 42
    assert client.request_count == 1


def test_create_v1_bare_id(api: responses.RequestsMock, client_v1: WonClient) -> None:
    body = {"company": "Ana Souza"}
    api.post(
        CLIENTS,
        status=200,
        json={"id": 123},
        match=[matchers.json_params_matcher(body, strict_match=True), matchers.header_matcher({"Authorization": TOKEN})],
    )

    assert client_v1.create_client(body) == 123


def test_create_v1_sends_no_v2_header(api: responses.RequestsMock, client_v1: WonClient) -> None:
    api.post(CLIENTS, json={"id": 5})

    client_v1.create_client({"company": "Ana"})

    assert "X-API-TOKEN" not in api.calls[0].request.headers


def test_create_id_from_data_id(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, status=201, json={"success": True, "data": {"id": 77}, "message": "ok"})

    assert client.create_client({"company": "Acme"}) == 77


def test_create_without_id_raises(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, status=201, json={"success": True, "data": {"company": "Acme"}})

    with pytest.raises(ApiResponseError) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.code == "missing_client_id"


def test_create_success_false_in_200_raises(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, status=200, json={"success": False, "message": "Falha ao inserir"})

    with pytest.raises(ApiResponseError) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.code == "unexpected_response"
    assert caught.value.params["detail"] == "Falha ao inserir"


# Error answers


def test_400_message_is_invalid_data(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, status=400, json={"success": False, "message": "Campo obrigatório: company"})

    with pytest.raises(InvalidDataError) as caught:
        client.create_client({"vat": "11222333000181"})

    assert caught.value.api_message == "Campo obrigatório: company"
    assert caught.value.status_code == 400
    assert caught.value.code == "invalid_data"


def test_422_keeps_error_code(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(
        CLIENTS,
        status=422,
        json={
            "success": False,
            "error_code": "VALIDATION_ERROR",
            "message": "CPF/CNPJ deve ter 11 ou 14 dígitos: 123",
        },
    )

    with pytest.raises(InvalidDataError) as caught:
        client.create_client({"company": "Acme", "vat": "123"})

    assert caught.value.error_code == "VALIDATION_ERROR"
    assert caught.value.api_message == "CPF/CNPJ deve ter 11 ou 14 dígitos: 123"


def test_v1_erro_key_is_read(api: responses.RequestsMock, client_v1: WonClient) -> None:
    api.post(CLIENTS, status=401, json={"erro": "Token inválido ou não fornecido"})

    with pytest.raises(AuthenticationError) as caught:
        client_v1.create_client({"company": "Acme"})

    assert caught.value.api_message == "Token inválido ou não fornecido"
    assert caught.value.exit_code == ExitCode.AUTH_ERROR


def test_invalid_data_message_in_english(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, status=400, json={"success": False, "message": "Dados JSON inválidos"})
    set_language("en")

    with pytest.raises(InvalidDataError) as caught:
        client.create_client({"company": "Acme"})

    assert render(caught.value.code, **caught.value.params) == "Invalid data: Dados JSON inválidos"


def test_401_is_not_retried(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(CLIENTS, status=401, json={"success": False, "message": "Token inválido"})

    with pytest.raises(AuthenticationError):
        client.list_clients()

    assert client.request_count == 1


def test_403_is_authentication_error(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(CLIENTS, status=403, json={"success": False, "message": "Acesso negado"})

    with pytest.raises(AuthenticationError) as caught:
        client.list_clients()

    assert caught.value.status_code == 403


def test_auth_message_english_template(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(CLIENTS, status=401, json={"erro": "Token inválido ou não fornecido"})
    set_language("en")

    with pytest.raises(AuthenticationError) as caught:
        client.list_clients()

    assert render(caught.value.code, **caught.value.params) == "Authentication error: invalid or missing token"


def test_auth_message_pt_br_translation() -> None:
    set_language("pt_BR")

    assert render("auth_failed") == "Erro de autenticação: Token inválido ou não fornecido"


def test_connection_message_pt_br_translation() -> None:
    set_language("pt_BR")

    assert render("connection_failed") == "Erro de conexão com o servidor"


def test_invalid_data_message_pt_br_translation() -> None:
    set_language("pt_BR")

    assert render("invalid_data", api_message="CNPJ inválido") == "Dados inválidos: CNPJ inválido"


def test_every_message_renders_in_pt_br() -> None:
    set_language("en")
    english = {code: render(code) for code in MESSAGES}
    set_language("pt_BR")

    assert [code for code in MESSAGES if render(code) == english[code]] == []


def test_pt_br_keeps_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    # Rendering without params leaves each {placeholder} visible, so both languages can be compared.
    set_language("en")
    english = {code: fields(render(code)) for code in MESSAGES}
    set_language("pt_BR")
    mismatched = [code for code in MESSAGES if fields(render(code)) != english[code]]

    assert mismatched == []


def test_500_is_http_status_error(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, status=500, json={"success": False, "message": "Erro interno do servidor"})

    with pytest.raises(HttpStatusError) as caught:
        client.create_client({"company": "Acme", "unknown_column": "x"})

    assert caught.value.status_code == 500
    assert caught.value.api_message == "Erro interno do servidor"
    assert caught.value.retriable is False


def test_500_html_page_gives_title(api: responses.RequestsMock, client: WonClient) -> None:
    page = "<html><head><title>Database Error</title></head><body><p>Unknown column</p></body></html>"
    api.post(CLIENTS, status=500, body=page, content_type="text/html")

    with pytest.raises(HttpStatusError) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.api_message == "Database Error"


def test_html_login_page_is_not_json(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(CLIENTS, status=200, body="<!DOCTYPE html><html><title>Login</title></html>", content_type="text/html")

    with pytest.raises(ApiResponseError) as caught:
        client.list_clients()

    assert caught.value.code == "not_json"
    assert caught.value.params["content_type"] == "text/html"


def test_html_404_is_not_json(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(STATUS, status=404, body="<html><title>404 Not Found</title></html>", content_type="text/html")

    with pytest.raises(ApiResponseError) as caught:
        client.status()

    assert caught.value.code == "not_json"


def test_json_with_bom_is_accepted(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, status=200, body=b"\xef\xbb\xbf" + json.dumps({"id": 9}).encode(), content_type="application/json")

    assert client.create_client({"company": "Acme"}) == 9


def test_redirect_is_not_followed(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, status=301, headers={"Location": "https://www.crm.example.com.br/won_api/won/api/clients"})

    with pytest.raises(ApiResponseError) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.code == "redirected"
    assert caught.value.params["location"] == "https://www.crm.example.com.br/won_api/won/api/clients"
    assert client.request_count == 1


# Reading clients


def test_list_v2_reads_meta(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(
        CLIENTS,
        json={
            "success": True,
            "data": [{"userid": "1", "company": "A"}, {"userid": "2", "company": "B"}],
            "meta": {"page": 2, "limit": 2, "total": 57, "total_pages": 29},
        },
        match=[matchers.query_param_matcher({"page": "2", "limit": "2", "search": "Padaria"})],
    )

    page = client.list_clients(page=2, limit=2, search="Padaria")

    assert [row["company"] for row in page.rows] == ["A", "B"]
    assert page.total == 57
    assert page.total_pages == 29


def test_list_v1_bare_array(api: responses.RequestsMock, client_v1: WonClient) -> None:
    api.get(CLIENTS, json=[{"userid": "1", "company": "A"}])

    page = client_v1.list_clients()

    assert page.rows == [{"userid": "1", "company": "A"}]
    assert page.total is None
    assert page.total_pages is None


def test_list_rejects_limit_over_cap(client: WonClient) -> None:
    with pytest.raises(ValueError):
        client.list_clients(limit=101)


def test_list_rejects_one_letter_search(client: WonClient) -> None:
    with pytest.raises(ValueError):
        client.list_clients(search="a")


def test_get_client_found(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(CLIENTS + "/42", json={"success": True, "data": {"userid": "42", "company": "Acme"}})

    assert client.get_client(42) == {"userid": "42", "company": "Acme"}


def test_get_client_404_is_none(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(CLIENTS + "/42", status=404, json={"success": False, "message": "Registro não encontrado"})

    assert client.get_client(42) is None


def test_find_by_vat_v2_found(api: responses.RequestsMock, client: WonClient) -> None:
    row = {"userid": "7", "company": "Acme", "vat": "11222333000181"}
    api.get(JOIN, json={"success": True, "data": row}, match=[matchers.query_param_matcher({"vat": "11222333000181"})])

    assert client.find_by_vat("11222333000181") == row


def test_find_by_vat_v2_404_is_none(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(JOIN, status=404, json={"success": False, "message": "Cliente não encontrado"})

    assert client.find_by_vat("11222333000181") is None


def test_find_by_vat_v1_empty_is_none(api: responses.RequestsMock, client_v1: WonClient) -> None:
    api.get(JOIN, json=[])

    assert client_v1.find_by_vat("52998224725") is None


def test_find_by_vat_v1_joined_rows(api: responses.RequestsMock, client_v1: WonClient) -> None:
    joined = {
        "client_company": "Ana Souza",
        "client_vat": "52998224725",
        "client_active_status": "Ativo",
        "contact_email": "ana@example.com",
        "invoice_number": "12",
    }
    api.get(JOIN, json=[joined, {**joined, "invoice_number": "13"}])

    found = client_v1.find_by_vat("52998224725")

    assert found == {"company": "Ana Souza", "vat": "52998224725", "active_status": "Ativo"}


def test_find_by_vat_rejects_no_digits(client: WonClient) -> None:
    with pytest.raises(ValueError):
        client.find_by_vat(" - ")


def test_find_by_vat_rejects_letters(client: WonClient) -> None:
    with pytest.raises(ValueError):
        client.find_by_vat("12.ABC.345/01DE-35")


def test_status_reads_version_header(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(STATUS, json={"success": True, "data": {"tables": ["tblclients"]}}, headers={"X-WON-API-Version": "2.1.2"})

    status = client.status()

    assert status.version == "2.1.2"
    assert status.raw["data"] == {"tables": ["tblclients"]}


def test_status_sends_no_token(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(STATUS, json={"version": "1.0.3"})

    status = client.status()

    assert "X-API-TOKEN" not in api.calls[0].request.headers
    assert status.version == "1.0.3"


def test_update_sends_exact_body(api: responses.RequestsMock, client: WonClient) -> None:
    body = {"phonenumber": "+55 11 91234-5678", "city": "São Paulo"}
    api.put(
        CLIENTS + "/42",
        json={"success": True, "data": {"status": "Atualizado"}},
        match=[matchers.json_params_matcher(body, strict_match=True)],
    )

    client.update_client(42, body)

    assert client.request_count == 1


# Retries and rate limits


def test_429_retry_after_then_success(
    api: responses.RequestsMock, client: WonClient, clock: FakeClock, waits: list[tuple[float, str]]
) -> None:
    api.post(CLIENTS, status=429, json={"success": False, "message": "Rate limit excedido"}, headers={"Retry-After": "30"})
    api.post(CLIENTS, status=201, json={"success": True, "data": {"userid": 8}})

    assert client.create_client({"company": "Acme"}) == 8
    assert clock.sleeps == [30.0]
    assert waits == [(30.0, "rate_limited")]
    assert client.request_count == 2


def test_429_http_date_retry_after(api: responses.RequestsMock, client: WonClient, clock: FakeClock) -> None:
    # START + 60 s is Wed, 04 Dec 2024 08:14:20 GMT.
    api.get(CLIENTS, status=429, headers={"Retry-After": "Wed, 04 Dec 2024 08:14:20 GMT"})
    api.get(CLIENTS, json=[])

    client.list_clients()

    assert clock.sleeps == [60.0]


def test_429_without_retry_after_waits_for_reset(api: responses.RequestsMock, client: WonClient, clock: FakeClock) -> None:
    headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "3", "X-RateLimit-Reset": str(int(START) + 600)}
    api.get(CLIENTS, status=429, json={"message": "Rate limit excedido. Tente novamente em 10 minutos"}, headers=headers)
    api.get(CLIENTS, json=[])

    client.list_clients()

    assert clock.sleeps == [600.0]


def test_429_retries_exhausted(api: responses.RequestsMock, limiter: RateLimiter) -> None:
    client = WonClient(BASE, TOKEN, limiter=limiter, retries=2)
    for _ in range(3):
        api.post(CLIENTS, status=429, json={"message": "Rate limit excedido"}, headers={"Retry-After": "5"})

    with pytest.raises(RateLimitExceeded) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.attempts == 3
    assert caught.value.api_message == "Rate limit excedido"
    assert client.request_count == 3


def test_remaining_zero_waits_until_reset(
    api: responses.RequestsMock, client: WonClient, clock: FakeClock, waits: list[tuple[float, str]]
) -> None:
    reset = int(START) + 120
    headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    api.get(CLIENTS, json=[], headers=headers)
    api.get(CLIENTS, json=[])

    client.list_clients()
    assert clock.sleeps == []
    client.list_clients()

    assert clock.sleeps == [121.0]  # until Reset, plus one second for the header's rounding
    assert waits == [(121.0, "rate_limit_window")]


def test_last_rate_limit_is_recorded(api: responses.RequestsMock, client: WonClient) -> None:
    headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "85", "X-RateLimit-Reset": "1733302800"}
    api.get(CLIENTS, json=[], headers=headers)

    client.list_clients()

    assert client.last_rate_limit is not None
    assert client.last_rate_limit.limit == 100
    assert client.last_rate_limit.remaining == 85
    assert client.last_rate_limit.reset == 1733302800.0


def test_post_not_retried_on_read_timeout(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, body=requests.exceptions.ReadTimeout("read timed out"))

    with pytest.raises(ServerConnectionError) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.reason == "timeout_read"
    assert caught.value.maybe_delivered is True
    assert len(api.calls) == 1
    assert client.request_count == 1


def test_post_retried_on_connect_timeout(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, body=requests.exceptions.ConnectTimeout("connect timed out"))
    api.post(CLIENTS, status=201, json={"success": True, "data": {"userid": 3}})

    assert client.create_client({"company": "Acme"}) == 3
    assert client.request_count == 1  # the timed-out connect never reached the server


def test_get_connect_timeout_exhausts_retries(api: responses.RequestsMock, client: WonClient, clock: FakeClock) -> None:
    for _ in range(4):
        api.get(CLIENTS, body=requests.exceptions.ConnectTimeout("connect timed out"))

    with pytest.raises(ServerConnectionError) as caught:
        client.list_clients()

    assert caught.value.reason == "timeout_connect"
    assert caught.value.maybe_delivered is False
    assert caught.value.timeout == 5.0
    assert len(clock.sleeps) == 3


def test_get_retried_on_503(api: responses.RequestsMock, client: WonClient, clock: FakeClock) -> None:
    api.get(CLIENTS, status=503, body="<html><title>Service Unavailable</title></html>", content_type="text/html")
    api.get(CLIENTS, json=[{"userid": "1", "company": "A"}])

    page = client.list_clients()

    assert len(page.rows) == 1
    assert client.request_count == 2
    assert len(clock.sleeps) == 1
    assert 0.0 <= clock.sleeps[0] <= 0.5  # full jitter below the first backoff step


def test_503_honours_retry_after(api: responses.RequestsMock, client: WonClient, clock: FakeClock) -> None:
    api.get(CLIENTS, status=503, headers={"Retry-After": "7"})
    api.get(CLIENTS, json=[])

    client.list_clients()

    assert clock.sleeps == [7.0]


def test_post_not_retried_on_503(api: responses.RequestsMock, client: WonClient) -> None:
    api.post(CLIENTS, status=503, body="Service Unavailable", content_type="text/plain")

    with pytest.raises(HttpStatusError) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.retriable is True
    assert len(api.calls) == 1


def test_put_retried_on_read_timeout(api: responses.RequestsMock, client: WonClient) -> None:
    api.put(CLIENTS + "/42", body=requests.exceptions.ReadTimeout("read timed out"))
    api.put(CLIENTS + "/42", json={"success": True, "data": {"status": "Atualizado"}})

    client.update_client(42, {"city": "Recife"})

    assert client.request_count == 2


def test_cancelled_limiter_stops_request(api: responses.RequestsMock, client: WonClient) -> None:
    client.limiter.cancel()

    with pytest.raises(RequestCancelled):
        client.list_clients()

    assert client.request_count == 0


# Real sockets on 127.0.0.1


class RawServer:
    """TCP server on 127.0.0.1 that reads each request, then stays silent, closes, or replies in plain HTTP.

    The "plain_http" mode reads one chunk only, so that a TLS ClientHello
    gets the plain-text response a web server sends on a non-TLS port.
    """

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.requests: list[bytes] = []
        self._open: list[socket.socket] = []
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _address = self._listener.accept()
            except TimeoutError:
                continue
            if self.mode == "plain_http":
                connection.settimeout(2.0)
                self.requests.append(connection.recv(65536))
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                connection.close()
                continue
            self.requests.append(_read_request(connection))
            if self.mode == "close":
                connection.close()
            else:
                self._open.append(connection)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self._open:
            connection.close()
        self._listener.close()


def _read_request(connection: socket.socket) -> bytes:
    connection.settimeout(2.0)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        body += connection.recv(65536)
    return data


@pytest.fixture
def silent_server() -> Iterator[RawServer]:
    server = RawServer("silent")
    yield server
    server.close()


@pytest.fixture
def closing_server() -> Iterator[RawServer]:
    server = RawServer("close")
    yield server
    server.close()


def test_read_timeout_on_real_socket(silent_server: RawServer, limiter: RateLimiter) -> None:
    client = WonClient(silent_server.url, TOKEN, limiter=limiter, timeout=(2.0, 0.2))

    with pytest.raises(ServerConnectionError) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.reason == "timeout_read"
    assert caught.value.maybe_delivered is True
    assert caught.value.timeout == 0.2
    assert len(silent_server.requests) == 1


def test_closed_connection_after_post(closing_server: RawServer, limiter: RateLimiter) -> None:
    client = WonClient(closing_server.url, TOKEN, limiter=limiter)

    with pytest.raises(ServerConnectionError) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.reason == "reset"
    assert caught.value.maybe_delivered is True
    assert caught.value.params["maybe_delivered"] is True
    assert len(closing_server.requests) == 1
    assert client.request_count == 1


def test_closed_connection_get_is_retried(closing_server: RawServer, limiter: RateLimiter) -> None:
    client = WonClient(closing_server.url, TOKEN, limiter=limiter, retries=2)

    with pytest.raises(ServerConnectionError):
        client.list_clients()

    assert len(closing_server.requests) == 3
    assert client.request_count == 3


def test_connection_refused_on_closed_port(limiter: RateLimiter, clock: FakeClock) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    client = WonClient(f"http://127.0.0.1:{port}", TOKEN, limiter=limiter, retries=2)

    with pytest.raises(ServerConnectionError) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.reason == "refused"
    assert caught.value.maybe_delivered is False
    assert caught.value.detail_code == "connection_refused"
    assert len(clock.sleeps) == 2  # a POST that never connected is safe to resend
    assert client.request_count == 0


@pytest.fixture
def plain_http_server() -> Iterator[RawServer]:
    server = RawServer("plain_http")
    yield server
    server.close()


def test_https_to_plain_http_port(plain_http_server: RawServer, limiter: RateLimiter) -> None:
    client = WonClient(f"https://127.0.0.1:{plain_http_server.port}", TOKEN, limiter=limiter, retries=0)

    with pytest.raises(ServerConnectionError) as caught:
        client.create_client({"company": "Acme"})

    assert caught.value.reason == "tls"
    assert caught.value.maybe_delivered is False  # the handshake failed before the request was sent
    assert caught.value.host == f"127.0.0.1:{plain_http_server.port}"


def test_dns_failure_is_not_delivered(limiter: RateLimiter) -> None:
    # The .invalid top-level domain never resolves (RFC 2606), so no packet leaves for a real host.
    client = WonClient("https://crm.example.invalid", TOKEN, limiter=limiter, retries=0)

    with pytest.raises(ServerConnectionError) as caught:
        client.status()

    assert caught.value.reason == "dns"
    assert caught.value.maybe_delivered is False


# Base URL and token


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("https://crm.example.com.br", "https://crm.example.com.br"),
        ("https://crm.example.com.br/", "https://crm.example.com.br"),
        ("https://example.com.br/crm/", "https://example.com.br/crm"),
        ("crm.example.com.br", "https://crm.example.com.br"),
        ("https://example.com.br/crm/won_api/won", "https://example.com.br/crm"),
        ("https://example.com.br/won_api/won/api/", "https://example.com.br"),
        ("https://example.com.br/won_api/won/status", "https://example.com.br"),
        ("https://example.com.br/crm/won_api/won/api/clients", "https://example.com.br/crm"),
        ("https://example.com.br/index.php/won_api/won/api/clients?page=2", "https://example.com.br/index.php"),
        ("HTTP://LocalHost:8080/", "http://localhost:8080"),
    ],
)
def test_base_url_normalized(pasted: str, expected: str) -> None:
    assert normalize_base_url(pasted) == expected


def test_client_base_url_normalized() -> None:
    assert WonClient("https://example.com.br/crm/won_api/won/", TOKEN).base_url == "https://example.com.br/crm"


@pytest.mark.parametrize("pasted", ["ftp://example.com.br", "https://", "https://example.com.br:99999"])
def test_base_url_invalid(pasted: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        normalize_base_url(pasted)

    assert caught.value.code == "api_base_url_invalid"


def test_base_url_with_password_rejected() -> None:
    with pytest.raises(ConfigurationError) as caught:
        normalize_base_url("https://admin:senha@example.com.br")

    assert caught.value.code == "api_base_url_credentials"
    assert "senha" not in str(caught.value)


def test_token_is_stripped(api: responses.RequestsMock, limiter: RateLimiter) -> None:
    client = WonClient(BASE, f"  {TOKEN}\n", limiter=limiter)
    api.get(CLIENTS, json=[], match=[matchers.header_matcher({"X-API-TOKEN": TOKEN})])

    client.list_clients()

    assert client.request_count == 1


@pytest.mark.parametrize(("token", "code"), [("", "api_token_missing"), ("abc def", "api_token_malformed"), ("tokén", "api_token_malformed")])
def test_bad_token_rejected(token: str, code: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        WonClient(BASE, token)

    assert caught.value.code == code


def test_session_without_tls_verification_rejected() -> None:
    session = requests.Session()
    session.verify = False

    with pytest.raises(ValueError):
        WonClient(BASE, TOKEN, session=session)


# The token never leaks


def _every_error() -> list[Exception]:
    return [
        AuthenticationError(status_code=401, api_message="Token inválido ou não fornecido"),
        ServerConnectionError(reason="timeout_read", host="crm.example.com.br", maybe_delivered=True, timeout=30.0),
        InvalidDataError(status_code=422, api_message="CPF/CNPJ deve ter 11 ou 14 dígitos: 1", error_code="VALIDATION_ERROR"),
        HttpStatusError(status_code=500, api_message="Erro interno do servidor"),
        RateLimitExceeded(attempts=5, api_message="Rate limit excedido", retry_after=60.0),
        ApiResponseError("not_json", status_code=200, path="/won_api/won/status", content_type="text/html"),
        RequestCancelled(),
    ]


@pytest.mark.parametrize("error", _every_error(), ids=lambda error: type(error).__name__)
def test_error_texts_hide_token(error: Exception) -> None:
    set_language("en")
    texts = [str(error), repr(error), render(error.code, **error.params)]  # type: ignore[attr-defined]
    if isinstance(error, ServerConnectionError):
        texts.append(render(error.detail_code, **error.params))

    for text in texts:
        assert TOKEN not in text


def test_client_repr_hides_token() -> None:
    client = WonClient(BASE, TOKEN)

    assert TOKEN not in repr(client)
    assert TOKEN not in str(client)


def test_echoed_token_is_redacted(api: responses.RequestsMock, client: WonClient) -> None:
    api.get(CLIENTS, status=401, json={"success": False, "message": f"Token {TOKEN} inválido"})

    with pytest.raises(AuthenticationError) as caught:
        client.list_clients()

    assert TOKEN not in str(caught.value)
    assert caught.value.api_message == "Token *** inválido"


def test_logs_hide_token_and_query(
    api: responses.RequestsMock, client: WonClient, caplog: pytest.LogCaptureFixture
) -> None:
    api.get(JOIN, status=503)
    api.get(JOIN, status=404, json={"success": False, "message": "Cliente não encontrado"})
    caplog.set_level(logging.DEBUG, logger="importer.api")

    client.find_by_vat("52998224725")

    assert "GET /won_api/won/join -> 404" in caplog.text
    assert "52998224725" not in caplog.text
    assert TOKEN not in caplog.text


# The sandbox server over real HTTP


def test_sandbox_round_trip(sandbox) -> None:  # noqa: ANN001 (fixture from conftest)
    client = WonClient(sandbox.url, sandbox.options.token)

    assert client.status().version is not None
    client_id = client.create_client({"company": "Padaria São João", "vat": "11222333000181", "country": 32})
    found = client.find_by_vat("11222333000181")
    client.update_client(client_id, {"city": "Recife"})
    stored = client.get_client(client_id)

    assert found is not None
    assert int(found["userid"]) == client_id
    assert stored is not None
    assert stored["city"] == "Recife"
    assert client.find_by_vat("52998224725") is None
    assert client.get_client(client_id + 1000) is None
    assert client.list_clients(limit=5).total == 1
    assert client.request_count == 8


def test_sandbox_rejects_wrong_token(sandbox) -> None:  # noqa: ANN001 (fixture from conftest)
    client = WonClient(sandbox.url, "wrong-token")

    with pytest.raises(AuthenticationError):
        client.list_clients()


@pytest.mark.parametrize("url", ["not a url", "http://[::1", "https://crm exemplo.com.br"])
def test_malformed_base_url_is_configuration_error(url):
    from importer.api.urls import normalize_base_url
    from importer.errors import ConfigurationError

    with pytest.raises(ConfigurationError):
        normalize_base_url(url)
