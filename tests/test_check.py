"""The check command against a real sandbox server on 127.0.0.1."""

from __future__ import annotations

import socket

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
    code, _out, err = check(capsys, "--url", sandbox.url)
    assert code == ExitCode.USAGE_ERROR
    assert "PERFEX_TOKEN" in err


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
