"""The check command against a real sandbox server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from importer.cli import main
from importer.connection_check import MESSAGES, Level, check_connection
from importer.exit_codes import ExitCode
from importer.i18n import set_language
from importer.messages import render
from importer.sandbox import SandboxOptions, SandboxServer


@pytest.fixture(autouse=True)
def no_environment(monkeypatch, tmp_path):
    """Keep PERFEX_URL, PERFEX_TOKEN and a .env file of the developer out of the tests."""
    monkeypatch.delenv("PERFEX_URL", raising=False)
    monkeypatch.delenv("PERFEX_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def check(capsys, *arguments: str, lang: str = "en") -> tuple[int, str, str]:
    code = main(["--lang", lang, "check", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_right_token_exits_ok(sandbox, capsys):
    code, out, _err = check(capsys, "--url", sandbox.url, "--token", "test-token")
    assert code == ExitCode.OK
    assert "Token accepted." in out
    assert "version 2.1.0" in out


def test_right_token_says_ready(sandbox, capsys):
    _code, out, _err = check(capsys, "--url", sandbox.url, "--token", "test-token")
    assert f"Ready to import into {sandbox.url}." in out


def test_wrong_token_is_auth_error(sandbox, capsys):
    code, out, _err = check(capsys, "--url", sandbox.url, "--token", "wrong")
    assert code == ExitCode.AUTH_ERROR
    assert "Token rejected (HTTP 401)" in out


def test_extra_folder_is_wrong_url(sandbox, capsys):
    code, out, _err = check(capsys, "--url", sandbox.url + "/crm", "--token", "test-token")
    assert code == ExitCode.CONNECTION_ERROR
    assert "module was not found" in out


def test_closed_port_is_connection_error(capsys):
    code, out, _err = check(capsys, "--url", f"http://127.0.0.1:{closed_port()}", "--token", "t")
    assert code == ExitCode.CONNECTION_ERROR
    assert "refused the connection" in out


def test_missing_url_is_usage_error(capsys):
    code, _out, err = check(capsys, "--token", "t")
    assert code == ExitCode.USAGE_ERROR
    assert "PERFEX_URL" in err


def test_missing_token_is_usage_error(sandbox, capsys):
    code, out, _err = check(capsys, "--url", sandbox.url)
    assert code == ExitCode.USAGE_ERROR
    assert "No API token given" in out
    assert "PERFEX_TOKEN" in out


def test_missing_token_still_checks_server(sandbox, capsys):
    _code, out, _err = check(capsys, "--url", sandbox.url)
    assert f"Server reachable: {sandbox.url}" in out
    assert "WON API module answers, version 2.1.0." in out
    assert "Ready to import" not in out


def test_missing_token_reported_after_server(sandbox):
    result = check_connection(sandbox.url, None)
    codes = [finding.code for finding in result.findings]
    assert codes == ["check_reachable", "check_module_found", "check_token_missing"]
    assert result.token_accepted is None


def test_missing_token_sends_no_authenticated_request(sandbox):
    check_connection(sandbox.url, None)
    assert sandbox.request_count() == 1
    assert sandbox.request_count("GET", "status") == 1


def test_missing_token_with_closed_port(capsys):
    code, out, _err = check(capsys, "--url", f"http://127.0.0.1:{closed_port()}")
    assert code == ExitCode.USAGE_ERROR
    assert "refused the connection" in out
    assert "No API token given" in out


def test_malformed_token_reported_after_server(sandbox):
    result = check_connection(sandbox.url, "two words")
    assert result.findings[0].code == "check_reachable"
    assert result.findings[-1].code == "api_token_malformed"
    assert result.exit_code == ExitCode.USAGE_ERROR


def test_url_and_token_from_environment(sandbox, capsys, monkeypatch):
    monkeypatch.setenv("PERFEX_URL", sandbox.url)
    monkeypatch.setenv("PERFEX_TOKEN", "test-token")
    code, _out, _err = check(capsys)
    assert code == ExitCode.OK


def test_token_never_printed(sandbox, capsys):
    _code, out, err = check(capsys, "--url", sandbox.url, "--token", "wrong-secret-value", "-v")
    assert "wrong-secret-value" not in out + err


def test_rate_limit_reported():
    with SandboxServer(SandboxOptions(token="t", rate_limit=50)) as server:
        result = check_connection(server.url, "t")
    finding = next(f for f in result.findings if f.code == "check_rate_limit_on")
    assert finding.params["limit"] == 50
    assert finding.params["remaining"] == 48


def test_no_rate_limit_reported(sandbox):
    result = check_connection(sandbox.url, "test-token")
    assert "check_rate_limit_off" in [finding.code for finding in result.findings]


def test_version_1_server_accepts_token():
    with SandboxServer(SandboxOptions(token="t", api_version=1)) as server:
        result = check_connection(server.url, "t")
    assert result.token_accepted is True


def test_remote_http_warns(sandbox, monkeypatch):
    # Tests send traffic to 127.0.0.1 only, so the sandbox plays the remote host.
    monkeypatch.setattr("importer.connection_check.is_cleartext_remote", lambda url: True)
    result = check_connection(sandbox.url, "test-token")
    assert result.findings[0].level is Level.WARNING
    assert result.findings[0].code == "check_cleartext"


def test_local_http_does_not_warn(sandbox):
    result = check_connection(sandbox.url, "test-token")
    assert "check_cleartext" not in [finding.code for finding in result.findings]


def test_every_message_renders_in_pt_br():
    set_language("en")
    english = {code: render(code) for code in MESSAGES}
    set_language("pt_BR")
    assert [code for code in MESSAGES if render(code) == english[code]] == []


def test_portuguese_output(sandbox, capsys):
    _code, out, _err = check(capsys, "--url", sandbox.url, "--token", "test-token", lang="pt_BR")
    assert "Token aceito." in out


# Each connection failure in its own words


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and never responds."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.fixture
def closing_port() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts each connection and closes it without a response."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def close_each() -> None:
        while True:
            try:
                connection, _address = listener.accept()
            except OSError:
                return  # the listener was closed at teardown
            connection.recv(65536)
            connection.close()

    thread = threading.Thread(target=close_each, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@pytest.fixture
def html_site() -> Iterator[str]:
    """A web server on 127.0.0.1 that returns an HTML page for every path, like a site without the module."""

    class PageHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = b"<html><body>Perfex CRM</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), PageHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_dns_failure_is_named(monkeypatch, capsys):
    resolve = socket.getaddrinfo

    def fail_for_test_host(host, *args, **kwargs):
        if host == "crm.example.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve(host, *args, **kwargs)

    # Nothing is resolved on the network: the lookup of the test host fails inside this process.
    monkeypatch.setattr(socket, "getaddrinfo", fail_for_test_host)
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(variable, raising=False)
    code, out, _err = check(capsys, "--url", "https://crm.example.invalid", "--token", "t")
    assert code == ExitCode.CONNECTION_ERROR
    assert "The server name crm.example.invalid could not be resolved." in out


def test_tls_failure_is_named(sandbox, capsys):
    https_url = sandbox.url.replace("http://", "https://")
    code, out, _err = check(capsys, "--url", https_url, "--token", "test-token")
    assert code == ExitCode.CONNECTION_ERROR
    assert f"The secure (TLS) connection to {https_url.removeprefix('https://')} failed" in out


def test_timeout_is_named(silent_port):
    result = check_connection(f"http://127.0.0.1:{silent_port}", "t", timeout=(2.0, 0.3))
    assert result.exit_code == ExitCode.CONNECTION_ERROR
    assert result.findings[-1].code == "check_timeout_read"
    assert render("check_timeout_read", **result.findings[-1].params).startswith(
        f"O servidor 127.0.0.1:{silent_port} aceitou a conexão, mas não respondeu em 0.3 s."
    )


def test_timeout_message_names_seconds(silent_port):
    set_language("en")
    result = check_connection(f"http://127.0.0.1:{silent_port}", "t", timeout=(2.0, 0.3))
    text = render(result.findings[-1].code, **result.findings[-1].params)
    assert "did not respond within 0.3 s" in text


def test_html_page_is_wrong_base_url(html_site, capsys):
    code, out, _err = check(capsys, "--url", html_site, "--token", "t")
    assert code == ExitCode.CONNECTION_ERROR
    assert "with a web page (HTTP 200, text/html" in out
    assert "The base URL is wrong" in out


def test_closed_without_response_is_named(closing_port, capsys):
    code, out, _err = check(capsys, "--url", f"http://127.0.0.1:{closing_port}", "--token", "t")
    assert code == ExitCode.CONNECTION_ERROR
    assert f"The server 127.0.0.1:{closing_port} closed the connection without a response." in out
