"""Read stage on CSV fixtures: encodings, separators, row numbers and malformed rows."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from importer.errors import InputFileError, MappingError
from importer.issues import Severity
from importer.read import ReadOptions, describe, messages, open_source, read_source
from importer.read.detect import BINARY_CHECK_SIZE
from importer.i18n import set_language
from importer.messages import render

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_keeps_leading_zero():
    reader = open_source(FIXTURES / "utf8.csv")
    chunk = read_source(FIXTURES / "utf8.csv")
    assert reader.info.encoding == "utf-8"
    assert chunk.frame.loc[2, "CNPJ"] == "01234567000189"
    assert chunk.frame.loc[2, "Nome"] == "Pão"


def test_utf8_bom_stripped_from_header():
    reader = open_source(FIXTURES / "utf8_bom.csv")
    assert reader.info.encoding == "utf-8-sig"
    assert reader.headers == ["Nome", "CEP"]


def test_cp1252_special_bytes():
    chunk = read_source(FIXTURES / "cp1252_quotes.csv")
    assert chunk.frame.loc[2, "Nome"] == "Loja ’A’"
    assert chunk.frame.loc[2, "Obs"] == "Preço € 10 – promoção"


def test_latin1_name_decoded_as_cp1252():
    reader = open_source(FIXTURES / "cp1252_quotes.csv", ReadOptions(encoding="latin-1"))
    assert reader.info.encoding == "cp1252"


def test_cp1252_undefined_byte_kept(tmp_path):
    path = write(tmp_path, "c1.csv", b"Nome\nA\x81B\xe9\n")
    assert read_source(path).frame.loc[2, "Nome"] == "A\x81Bé"


def test_tab_separated():
    reader = open_source(FIXTURES / "tabs.tsv")
    chunk = read_source(FIXTURES / "tabs.tsv")
    assert reader.info.delimiter == "\t"
    assert chunk.frame.loc[2, "CEP"] == "01310100"


def test_forced_delimiter(tmp_path):
    path = write(tmp_path, "pipe.txt", b"a|b\n1|2\n")
    reader = open_source(path, ReadOptions(delimiter="|"))
    assert reader.labels == ["a", "b"]


def test_utf16_with_bom(tmp_path):
    path = write(tmp_path, "u16.csv", "Nome;UF\nJoão;SP\n".encode("utf-16"))
    chunk = read_source(path)
    assert chunk.frame.loc[2, "Nome"] == "João"


def test_too_many_fields_keeps_row():
    chunk = read_source(FIXTURES / "too_many_fields.csv")
    assert list(chunk.frame.index) == [2, 3, 4]
    assert chunk.frame.loc[3, "CPF"] == "456"


def test_too_many_fields_issue_names_values():
    issue = read_source(FIXTURES / "too_many_fields.csv").cell_issues[3][0]
    assert issue.code == "too_many_fields"
    assert issue.value == "extra;valor | mais"
    assert issue.params == {"expected": 2, "found": 4}


def test_fewer_fields_padded():
    chunk = read_source(FIXTURES / "too_many_fields.csv")
    assert chunk.frame.loc[4, "CPF"] == ""


def test_wide_row_after_first_chunk(tmp_path):
    lines = ["a,b"] + [f"{number},x" for number in range(10)] + ["late,y,z,w"]
    path = write(tmp_path, "late.csv", ("\n".join(lines) + "\n").encode())
    reader = open_source(path, ReadOptions(chunk_size=3))
    chunks = list(reader.chunks())
    rows = [row for chunk in chunks for row in chunk.frame.index]
    issues = {row: found for chunk in chunks for row, found in chunk.cell_issues.items()}
    assert rows == list(range(2, 13))
    assert issues[12][0].value == "z | w"


def test_multiline_field_numbered_by_record():
    chunk = read_source(FIXTURES / "multiline_blank.csv")
    assert list(chunk.frame.index) == [3, 6]
    assert chunk.frame.loc[3, "Obs"] == "linha 1\nlinha 2"


def test_no_newline_at_end():
    chunk = read_source(FIXTURES / "multiline_blank.csv")
    assert chunk.frame.loc[6, "Obs"] == "ok"


def test_header_row_forced(tmp_path):
    path = write(tmp_path, "h.csv", b"Nome,UF\nAna,SP\nBia,RJ\n")
    chunk = read_source(path, ReadOptions(header_row=2))
    assert list(chunk.frame.columns) == ["Ana", "SP"]
    assert list(chunk.frame.index) == [3]


def test_header_row_beyond_end(tmp_path):
    path = write(tmp_path, "h.csv", b"Nome,UF\nAna,SP\n")
    with pytest.raises(InputFileError) as caught:
        open_source(path, ReadOptions(header_row=5))
    assert caught.value.code == "header_row_out_of_range"
    assert caught.value.params["last_row"] == 2


def test_header_not_found_shows_rows(tmp_path):
    path = write(tmp_path, "h.csv", b"Nome,UF\nAna,SP\n")
    with pytest.raises(InputFileError) as caught:
        open_source(path, ReadOptions(expected_columns=("CNPJ",)))
    assert caught.value.code == "header_not_found"
    assert caught.value.params["expected"] == "CNPJ"
    assert "1: Nome | UF" in caught.value.params["first_rows"]


def test_repeated_and_blank_headers(tmp_path):
    path = write(tmp_path, "r.csv", b"Tel,Tel, ,tel\n1,2,3,4\n")
    assert open_source(path).labels == ["Tel", "Tel (2)", "Column C", "tel (3)"]


def test_failed_rows_column_dropped(tmp_path):
    path = write(tmp_path, "f.csv", "Nome,Erros (perfex-import),UF\nAna,CPF inválido,SP\n".encode())
    reader = open_source(path)
    chunk = read_source(path)
    assert reader.headers == ["Nome", "UF"]
    assert list(chunk.frame.columns) == ["Nome", "UF"]
    assert chunk.cell_issues == {}


def test_failed_rows_english_column_dropped(tmp_path):
    path = write(tmp_path, "f.csv", b"Nome,UF,ERRORS (perfex-import)\nAna,SP,bad\n")
    assert open_source(path).labels == ["Nome", "UF"]


def test_missing_file(tmp_path):
    with pytest.raises(InputFileError) as caught:
        open_source(tmp_path / "nope.csv")
    assert caught.value.code == "file_not_found"


def test_unsupported_extension(tmp_path):
    path = write(tmp_path, "a.pdf", b"%PDF")
    with pytest.raises(InputFileError) as caught:
        open_source(path)
    assert caught.value.code == "unsupported_extension"


@pytest.mark.parametrize("data", [b"", b"\n\n ,, \n"], ids=["zero_bytes", "blank_lines"])
def test_empty_file(tmp_path, data):
    path = write(tmp_path, "e.csv", data)
    with pytest.raises(InputFileError) as caught:
        open_source(path)
    assert caught.value.code == "empty_file"


def test_workbook_named_csv(tmp_path):
    path = write(tmp_path, "x.csv", (FIXTURES / "cells.xlsx").read_bytes())
    with pytest.raises(InputFileError) as caught:
        open_source(path)
    assert caught.value.code == "not_text"


def test_forced_utf8_on_cp1252(tmp_path):
    path = write(tmp_path, "c.csv", b"Nome\nAna\nJo\xe3o\n")
    with pytest.raises(InputFileError) as caught:
        open_source(path, ReadOptions(encoding="utf-8"))
    assert caught.value.code == "undecodable"
    assert caught.value.params["line"] == 3
    assert caught.value.params["byte"] == "0xE3"


def test_unknown_encoding(tmp_path):
    path = write(tmp_path, "c.csv", b"Nome\nAna\n")
    with pytest.raises(InputFileError) as caught:
        open_source(path, ReadOptions(encoding="klingon"))
    assert caught.value.code == "unknown_encoding"


def test_unclosed_quote(tmp_path):
    path = write(tmp_path, "q.csv", b'Nome,UF\nAna,"SP\nBia,RJ\n')
    reader = open_source(path)
    with pytest.raises(InputFileError) as caught:
        list(reader.chunks())
    assert caught.value.code == "malformed_csv"


def test_every_message_renders_in_pt_br():
    set_language("en")
    english = {code: render(code) for code in messages.MESSAGES}
    set_language("pt_BR")
    assert [code for code in messages.MESSAGES if render(code) == english[code]] == []


def test_describe_in_pt_br():
    reader = open_source(FIXTURES / "tabs.tsv")
    set_language("pt_BR")
    assert describe(reader.info, 2) == "Lido: CSV, codificação utf-8, separador tabulação, cabeçalho na linha 1, 2 linhas"


def test_describe_in_english():
    reader = open_source(FIXTURES / "tabs.tsv")
    set_language("en")
    assert describe(reader.info, 1) == "Read: CSV, encoding utf-8, separator tab, header on row 1, 1 row"


def test_hundred_thousand_rows_under_a_second(tmp_path):
    row = '12345678000195;"Empresa Exemplo Ltda";(11) 3456-7890;Rua A;100;Centro;São Paulo;SP;01310-100\n'
    path = write(tmp_path, "big.csv", ("cnpj;nome;tel;rua;num;bairro;cidade;uf;cep\n" + row * 100_000).encode())
    started = time.perf_counter()
    rows = sum(len(chunk.frame) for chunk in open_source(path).chunks())
    elapsed = time.perf_counter() - started
    assert rows == 100_000
    assert elapsed < 1.5  # measured about 0.15 s on a 2-core container


HEADERLESS = b"11222333000181;Ana Ltda;SP\n11444777000161;Bia Ltda;RJ\n"


@pytest.mark.parametrize("names", [("cnpj",), ("cnpj", "nome"), ("cnpj", "nome", "uf", "cidade")])
def test_columns_count_mismatch(tmp_path, names):
    path = write(tmp_path, "sem_cabecalho.csv", HEADERLESS)
    with pytest.raises(MappingError) as caught:
        open_source(path, ReadOptions(columns=names))
    assert caught.value.code == "columns_count_mismatch"
    assert caught.value.params["expected"] == len(names)
    assert caught.value.params["actual"] == 3


def test_columns_count_matches(tmp_path):
    path = write(tmp_path, "sem_cabecalho.csv", HEADERLESS)
    chunk = read_source(path, ReadOptions(columns=("cnpj", "nome", "uf")))
    assert chunk.frame.loc[1, "nome"] == "Ana Ltda"
    assert chunk.cell_issues == {}


def test_columns_trailing_separator_accepted(tmp_path):
    path = write(tmp_path, "sem_cabecalho.csv", b"1;Ana;SP;\n2;Bia;RJ;\n")
    chunk = read_source(path, ReadOptions(columns=("cnpj", "nome", "uf")))
    assert list(chunk.frame.index) == [1, 2]


def test_columns_short_last_field_accepted(tmp_path):
    # Some exporters leave out the separators of empty fields at the end of a row.
    path = write(tmp_path, "sem_cabecalho.csv", b"1;Ana;SP\n2;Bia\n3;Cia\n")
    chunk = read_source(path, ReadOptions(columns=("cnpj", "nome", "uf")))
    assert chunk.frame.loc[2, "uf"] == ""


def test_columns_later_wide_row_keeps_issue(tmp_path):
    path = write(tmp_path, "sem_cabecalho.csv", HEADERLESS + b"1;Cia;MG;extra\n")
    chunk = read_source(path, ReadOptions(columns=("cnpj", "nome", "uf")))
    assert chunk.cell_issues[3][0].code == "too_many_fields"


def test_columns_count_message_names_both_counts(tmp_path):
    path = write(tmp_path, "sem_cabecalho.csv", HEADERLESS)
    with pytest.raises(MappingError) as caught:
        open_source(path, ReadOptions(columns=("cnpj",)))
    set_language("en")
    message = render(caught.value.code, **caught.value.params)
    assert "names 1 columns in 'columns:'" in message
    assert "has 3 columns" in message


def test_stray_nul_removed_from_cells(tmp_path):
    path = write(tmp_path, "nul.csv", b"Nome;CNPJ;Obs\nAna\x00;123;x\nBia;4\x005\x006;ok\n")
    chunk = read_source(path)
    assert chunk.frame.loc[2, "Nome"] == "Ana"
    assert chunk.frame.loc[3, "CNPJ"] == "456"


def test_stray_nul_warns_with_column(tmp_path):
    path = write(tmp_path, "nul.csv", b"Nome;CNPJ;Obs\nAna;123;x\nBia;4\x005\x006;ok\n")
    issues = read_source(path).cell_issues
    assert list(issues) == [3]
    assert issues[3][0].code == "nul_removed"
    assert issues[3][0].severity is Severity.WARNING
    assert issues[3][0].column == "CNPJ"
    assert issues[3][0].params == {"count": 2}


def test_nul_past_binary_check_removed(tmp_path):
    lines = b"".join(b"%d;Empresa %d\n" % (number, number) for number in range(6000))
    path = write(tmp_path, "nul.csv", b"id;nome\n" + lines + b"6000;Fim\x00\n")
    assert path.stat().st_size > BINARY_CHECK_SIZE
    last = list(open_source(path, ReadOptions(chunk_size=1000)).chunks())[-1]
    assert last.frame.loc[6002, "nome"] == "Fim"
    assert last.cell_issues[6002][0].code == "nul_removed"


def test_nul_only_row_dropped(tmp_path):
    path = write(tmp_path, "nul.csv", b"Nome;UF\nAna;SP\n\x00;\x00\nBia;RJ\n")
    chunk = read_source(path)
    assert list(chunk.frame.index) == [2, 4]
    assert chunk.cell_issues == {}


def test_nul_in_header_removed(tmp_path):
    path = write(tmp_path, "nul.csv", b"No\x00me;UF\nAna;SP\n")
    assert open_source(path).headers == ["Nome", "UF"]


def test_nul_in_error_column_ignored(tmp_path):
    path = write(tmp_path, "nul.csv", "Nome;Erros (perfex-import)\nAna;CPF\x00 inválido\n".encode())
    assert read_source(path).cell_issues == {}


@pytest.mark.parametrize(
    "data",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
        random.Random(3).randbytes(8192),
        "Nome;UF\nJoão;SP\n".encode("utf-16-le"),
    ],
    ids=["ole2", "random_bytes", "utf16_without_bom"],
)
def test_binary_file_is_not_text(tmp_path, data):
    path = write(tmp_path, "x.csv", data)
    with pytest.raises(InputFileError) as caught:
        open_source(path)
    assert caught.value.code == "not_text"
