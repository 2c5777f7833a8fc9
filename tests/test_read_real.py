"""Read stage against real exported files kept beside the repository in shared/samples-real."""

from __future__ import annotations

from pathlib import Path

import pytest

from importer.read import ReadOptions, open_source, read_source

REAL = Path(__file__).resolve().parents[2] / "shared" / "samples-real"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"real samples not found at {REAL}")

ANS = REAL / "ans-operadoras-ativas-Relatorio_cadop.csv"
ERP = REAL / "erp-designtex-clientes-PESR012.csv"
PERFEX = REAL / "perfex-sample-import-customers.csv"
EMPRESAS = REAL / "rfb-cnpj-empresas-EMPRECSV-sample.csv"
ESTABELECIMENTOS = REAL / "rfb-cnpj-estabelecimentos-ESTABELE-sample.csv"


@pytest.mark.parametrize(
    ("path", "encoding", "delimiter", "header_row", "rows"),
    [
        (ANS, "cp1252", ";", 3, 1155),
        (ERP, "utf-8", ",", 2, 1997),  # 1,996 customers and the totals footer
        (PERFEX, "utf-8", ",", 1, 1),
    ],
    ids=["ans", "erp", "perfex"],
)
def test_real_file_detection(path, encoding, delimiter, header_row, rows):
    reader = open_source(path)
    total = sum(len(chunk.frame) for chunk in reader.chunks())
    assert reader.info.encoding == encoding
    assert reader.info.delimiter == delimiter
    assert reader.info.header_row == header_row
    assert total == rows
    assert reader.rows_read == rows


def test_ans_accents_decoded():
    chunk = read_source(ANS)
    assert "Razão Social" in chunk.frame.columns
    assert "Além Paraíba" in set(chunk.frame["Cidade"])


def test_ans_first_data_row_is_four():
    chunk = read_source(ANS)
    assert chunk.frame.index[0] == 4
    assert chunk.frame.index[-1] == 1158


def test_ans_cnpj_keeps_leading_zero():
    chunk = read_source(ANS)
    assert chunk.frame.loc[5, "CNPJ"] == "07525246000126"


def test_ans_found_by_expected_columns():
    reader = open_source(ANS, ReadOptions(expected_columns=("razao social", "CNPJ")))
    assert reader.info.header_row == 3


def test_erp_blank_rows_keep_numbering():
    index = list(read_source(ERP).frame.index)
    assert 1074 not in index  # blank line 1074
    assert 1075 in index
    assert index[-1] == 2002  # the footer, after the blank line 2001


def test_erp_trailing_blank_headers_get_letters():
    reader = open_source(ERP)
    assert reader.labels[-2:] == ["Column O", "Column P"]


def test_erp_no_row_has_too_many_fields():
    assert read_source(ERP).cell_issues == {}


def test_erp_cep_stays_text():
    chunk = read_source(ERP)
    assert chunk.frame.loc[3, "CEP"] == "3025000"


def test_perfex_trailing_comma_column():
    reader = open_source(PERFEX)
    assert reader.labels[-1] == "Column AB"


def test_receita_empresas_needs_columns():
    names = ("cnpj_basico", "razao_social", "natureza", "qualificacao", "capital", "porte", "ente")
    chunk = read_source(EMPRESAS, ReadOptions(columns=names))
    assert len(chunk.frame) == 2000
    assert chunk.frame.index[0] == 1
    assert chunk.frame.loc[1, "capital"] == "10000,00"


def test_receita_estabelecimentos_semicolon_in_quotes():
    names = tuple(f"c{number}" for number in range(30))
    chunk = read_source(ESTABELECIMENTOS, ReadOptions(columns=names))
    assert len(chunk.frame) == 2000
    assert chunk.cell_issues == {}
    assert any(";" in value for value in chunk.frame["c16"])


def test_receita_estabelecimentos_latin1():
    names = tuple(f"c{number}" for number in range(30))
    reader = open_source(ESTABELECIMENTOS, ReadOptions(columns=names))
    assert reader.info.encoding == "cp1252"
    assert reader.info.header_row is None


def test_receita_cep_leading_zero():
    names = tuple(f"c{number}" for number in range(30))
    chunk = read_source(ESTABELECIMENTOS, ReadOptions(columns=names))
    assert chunk.frame.loc[4, "c18"] == "05267000"
