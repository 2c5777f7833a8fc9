"""Masking of CPFs, e-mails and phones on screen and in logs."""

from __future__ import annotations

import logging

import pytest

from importer.cli import main
from importer.logs import RedactingFilter, configure_logging, shutdown_logging
from importer.privacy import mask_document, mask_email, mask_personal, mask_phone

CPF = "123.456.789-09"
CNPJ = "11.222.333/0001-81"


def test_cpf_masked_shows_middle_digits():
    assert mask_document(CPF) == "***.456.789-**"


def test_bare_cpf_gets_the_mask():
    assert mask_document("12345678909") == "***.456.789-**"


def test_cnpj_stays_readable():
    assert mask_document(CNPJ) == CNPJ


def test_alphanumeric_cnpj_stays_readable():
    assert mask_document("12.ABC.345/01DE-35") == "12.ABC.345/01DE-35"


def test_short_document_hides_ends():
    assert mask_document("1234567890") == "***45678**"


def test_email_keeps_domain():
    assert mask_email("joao.silva@gmail.com") == "jo***@gmail.com"


def test_phone_keeps_area_code_and_ends():
    assert mask_phone("(11) 98765-4321") == "(11) 9****-**21"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CPF 123.456.789-09 inválido", "CPF ***.456.789-** inválido"),
        ("CNPJ 11.222.333/0001-81", "CNPJ 11.222.333/0001-81"),
        ("CNPJ 11222333000181", "CNPJ 11222333000181"),
        ("fone (11) 98765-4321", "fone (11) 9****-**21"),
        ("fone +55 11 98765-4321", "fone +55 11 9****-**21"),
        ("mail joao.silva@gmail.com.", "mail jo***@gmail.com."),
        ("CEP 01310-100", "CEP 01310-100"),
        ("GET /won_api/won/api/clients -> 200 in 35 ms", "GET /won_api/won/api/clients -> 200 in 35 ms"),
    ],
)
def test_mask_personal_in_text(text, expected):
    assert mask_personal(text) == expected


def test_bare_valid_cpf_masked_as_cpf():
    assert mask_personal("12345678909") == "***.456.789-**"


def test_log_filter_redacts_token():
    record = logging.LogRecord("importer.api", logging.INFO, __file__, 1, "echo %s", ("s3cr3t-token",), None)
    RedactingFilter("s3cr3t-token").filter(record)
    assert record.getMessage() == "echo ***"


def test_log_filter_masks_cpf():
    record = logging.LogRecord("importer", logging.INFO, __file__, 1, "row 2 vat %s", (CPF,), None)
    RedactingFilter().filter(record)
    assert record.getMessage() == "row 2 vat ***.456.789-**"


def test_log_filter_keeps_cpf_when_allowed():
    record = logging.LogRecord("importer", logging.INFO, __file__, 1, "row 2 vat %s", (CPF,), None)
    RedactingFilter(mask_personal_data=False).filter(record)
    assert record.getMessage() == f"row 2 vat {CPF}"


def write_clients(folder) -> tuple[str, str]:
    data = folder / "clientes.csv"
    data.write_text("Nome,Documento,Telefone\nJoão da Silva,123.456.789-00,(11) 98765-4321\n", encoding="utf-8")
    mapping = folder / "mapa.yaml"
    mapping.write_text("fields:\n  company: Nome\n  vat: Documento\n  phonenumber: Telefone\n", encoding="utf-8")
    return str(data), str(mapping)


def test_console_masks_cpf_by_default(tmp_path, capsys):
    data, mapping = write_clients(tmp_path)
    main(["--lang", "en", "validate", data, "-m", mapping])
    err = capsys.readouterr().err
    assert "***.456.789-**" in err
    assert "123.456.789-00" not in err


def test_console_shows_cpf_on_request(tmp_path, capsys):
    data, mapping = write_clients(tmp_path)
    main(["--lang", "en", "validate", data, "-m", mapping, "--show-personal-data"])
    assert "123.456.789-00" in capsys.readouterr().err


def test_report_keeps_real_cpf(tmp_path):
    data, mapping = write_clients(tmp_path)
    report = tmp_path / "r.csv"
    main(["validate", data, "-m", mapping, "-r", str(report), "-q"])
    assert "123.456.789-00" in report.read_text(encoding="utf-8-sig")


def log_once(path, **options) -> str:
    configure_logging(False, path, **options)
    try:
        logging.getLogger("importer.api.client").info("vat %s token %s", CPF, "tok-123")
    finally:
        shutdown_logging()
    return path.read_text(encoding="utf-8")


def test_log_file_masks_cpf(tmp_path):
    assert "***.456.789-**" in log_once(tmp_path / "x.log", token="tok-123")


def test_log_file_redacts_token(tmp_path):
    assert "tok-123" not in log_once(tmp_path / "x.log", token="tok-123", show_personal_data=True)


def test_log_file_shows_cpf_on_request(tmp_path):
    assert CPF in log_once(tmp_path / "x.log", show_personal_data=True)
