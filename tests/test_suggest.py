"""suggest-mapping: the suggested mapping loads, validates and picks the fields of the hand-written ones."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from importer.cli import main
from importer.exit_codes import ExitCode
from importer.suggest import suggest_mapping
from importer.suggest.header import find_header_row
from importer.i18n import _, set_language
from importer.messages import render
from importer.suggest.messages import COMMENTS, MESSAGES

from conftest import MAPPINGS, SAMPLES, real_sample

# (file, hand-written mapping or None): the files that hold clients.
CLIENT_FILES = [
    ("ans-operadoras-ativas-Relatorio_cadop.csv", "ans-operadoras.yaml"),
    ("erp-designtex-clientes-PESR012.csv", "erp-pesr012.yaml"),
    ("rfb-cnpj-estabelecimentos-ESTABELE-sample.csv", "receita-estabelecimentos.yaml"),
    ("perfex-sample-import-customers.csv", None),
]
SAMPLE_FILES = [SAMPLES / "clientes.csv", SAMPLES / "clientes.xlsx"]


def suggest_to_file(path: Path, tmp_path: Path) -> tuple[int, dict]:
    output = tmp_path / "sugerido.yaml"
    code = main(["suggest-mapping", str(path), "-o", str(output)])
    return code, yaml.safe_load(output.read_text(encoding="utf-8"))


def all_inputs() -> list:
    real = [pytest.param(name, id=name) for name, _mapping in CLIENT_FILES]
    samples = [pytest.param(path, id=path.name) for path in SAMPLE_FILES]
    return real + samples


def resolve(source: str | Path) -> Path:
    return source if isinstance(source, Path) else real_sample(source)


@pytest.mark.parametrize("source", all_inputs())
def test_suggestion_validates_without_edits(source, tmp_path):
    path = resolve(source)
    code, _data = suggest_to_file(path, tmp_path)
    assert code == ExitCode.OK
    assert main(["validate", str(path), "-m", str(tmp_path / "sugerido.yaml"), "-q"]) in (0, 3)


@pytest.mark.parametrize(("name", "hand_written"), [case for case in CLIENT_FILES if case[1]])
def test_same_fields_as_hand_written(name, hand_written, tmp_path):
    _code, suggested = suggest_to_file(real_sample(name), tmp_path)
    expected = yaml.safe_load((MAPPINGS / hand_written).read_text(encoding="utf-8"))
    assert set(suggested["fields"]) >= set(expected["fields"]) - {"city"}


def test_sample_matches_example_mapping(tmp_path):
    _code, suggested = suggest_to_file(SAMPLES / "clientes.csv", tmp_path)
    expected = yaml.safe_load((MAPPINGS / "exemplo.yaml").read_text(encoding="utf-8"))
    for field in ("company", "vat", "phonenumber", "city", "state", "zip", "website"):
        assert suggested["fields"][field] == expected["fields"][field], field


def test_sample_address_joins_parts(tmp_path):
    _code, suggested = suggest_to_file(SAMPLES / "clientes.csv", tmp_path)
    assert suggested["fields"]["address"] == {"join": ["Logradouro", "Número", "Bairro"], "sep": ", "}


def test_sample_status_values_mapped(tmp_path):
    _code, suggested = suggest_to_file(SAMPLES / "clientes.csv", tmp_path)
    assert suggested["fields"]["active"]["values"] == {"Ativo": 1, "Inativo": 0}


def test_latin1_file_gets_encoding_and_delimiter(tmp_path):
    _code, suggested = suggest_to_file(SAMPLES / "clientes.csv", tmp_path)
    assert suggested["encoding"] == "cp1252"
    assert suggested["delimiter"] == ";"


def test_workbook_names_its_sheet(tmp_path):
    _code, suggested = suggest_to_file(SAMPLES / "clientes.xlsx", tmp_path)
    assert suggested["sheet"] == "Clientes"


def test_title_lines_leave_header_to_detection(tmp_path):
    path = real_sample("ans-operadoras-ativas-Relatorio_cadop.csv")
    suggestion = suggest_mapping(path)
    assert suggestion.header_row == 3
    assert "header_row" not in suggestion.mapping.model_fields_set
    assert "# header_row: 3" in suggestion.text


def test_area_code_joined_with_phone():
    suggestion = suggest_mapping(real_sample("ans-operadoras-ativas-Relatorio_cadop.csv"))
    phone = suggestion.mapping.fields["phonenumber"]
    assert phone.join == ("DDD", "Telefone")
    assert phone.all_required is True


def test_city_uf_cells_get_patterns():
    suggestion = suggest_mapping(real_sample("erp-designtex-clientes-PESR012.csv"))
    assert suggestion.mapping.fields["city"].pattern is not None
    assert suggestion.mapping.fields["state"].column == "CIDADE"


def test_compound_status_takes_last_word():
    suggestion = suggest_mapping(real_sample("erp-designtex-clientes-PESR012.csv"))
    active = suggestion.mapping.fields["active"]
    assert active.column == "SIT.PESSOA/CLIENTE"
    assert active.values["Inativo"] == 0


def test_headerless_file_gets_column_names():
    suggestion = suggest_mapping(real_sample("rfb-cnpj-estabelecimentos-ESTABELE-sample.csv"))
    assert suggestion.header_row is None
    assert len(suggestion.mapping.columns) == 30


def test_headerless_split_cnpj_is_joined():
    suggestion = suggest_mapping(real_sample("rfb-cnpj-estabelecimentos-ESTABELE-sample.csv"))
    vat = suggestion.mapping.fields["vat"]
    assert vat.join == ("cnpj_basico", "cnpj_ordem", "cnpj_dv")
    assert vat.sep == ""


def test_unmapped_columns_listed_in_comment():
    suggestion = suggest_mapping(real_sample("ans-operadoras-ativas-Relatorio_cadop.csv"))
    assert "Registro ANS" in suggestion.unmapped
    assert "Registro ANS" in suggestion.text.splitlines()[-1]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def test_valid_documents_are_vat_whatever_the_name(tmp_path):
    path = write_csv(
        tmp_path / "c.csv",
        [["Cliente", "Código"], ["Padaria Pão de Ouro", "11.222.333/0001-81"], ["Horizonte SA", "45.218.769/0001-19"]],
    )
    assert suggest_mapping(path).mapping.fields["vat"].column == "Código"


def test_masked_ceps_found_by_value(tmp_path):
    path = write_csv(tmp_path / "c.csv", [["Cliente", "Postal"], ["A Ltda", "01310-100"], ["B Ltda", "20011-000"]])
    assert suggest_mapping(path).mapping.fields["zip"].column == "Postal"


def test_uf_codes_found_by_value(tmp_path):
    path = write_csv(tmp_path / "c.csv", [["Cliente", "Sigla"], ["A Ltda", "SP"], ["B Ltda", "rj"]])
    assert suggest_mapping(path).mapping.fields["state"].column == "Sigla"


def test_header_row_search_skips_title():
    rows = [["Relatório de clientes"], [], ["Nome", "CNPJ", "UF"], ["A", "11222333000181", "SP"]]
    assert find_header_row(rows) == 2


def test_header_row_absent_for_data():
    rows = [["A Ltda", "11222333000181", "SP"], ["B Ltda", "45218769000119", "RJ"]]
    assert find_header_row(rows) is None


def test_prints_to_stdout_without_output(capsys):
    code = main(["suggest-mapping", str(SAMPLES / "clientes.csv")])
    assert code == ExitCode.OK
    assert "company: Razão Social" in capsys.readouterr().out


def test_existing_file_not_overwritten(tmp_path, capsys):
    output = tmp_path / "mapa.yaml"
    output.write_text("edited by hand\n", encoding="utf-8")
    code = main(["--lang", "en", "suggest-mapping", str(SAMPLES / "clientes.csv"), "-o", str(output)])
    assert code == ExitCode.USAGE_ERROR
    assert output.read_text(encoding="utf-8") == "edited by hand\n"
    assert "--force" in capsys.readouterr().err


def test_force_overwrites(tmp_path):
    output = tmp_path / "mapa.yaml"
    output.write_text("edited by hand\n", encoding="utf-8")
    main(["suggest-mapping", str(SAMPLES / "clientes.csv"), "-o", str(output), "--force"])
    assert "fields:" in output.read_text(encoding="utf-8")


def test_missing_file_is_usage_error(tmp_path):
    assert main(["suggest-mapping", str(tmp_path / "nada.csv")]) == ExitCode.USAGE_ERROR


def test_english_comments_with_lang_en(capsys):
    main(["--lang", "en", "suggest-mapping", str(SAMPLES / "clientes.csv")])
    assert "# Each key is a Perfex client field" in capsys.readouterr().out


def test_every_message_renders_in_pt_br():
    set_language("en")
    english = {code: render(code) for code in MESSAGES}
    set_language("pt_BR")
    assert [code for code in MESSAGES if render(code) == english[code]] == []


def test_output_exists_message_pt_br():
    set_language("pt_BR")
    text = render("suggest_output_exists", path="mapa.yaml")
    assert text.startswith("mapa.yaml já existe e não foi alterado.")


def test_comment_in_pt_br():
    set_language("pt_BR")
    assert _(COMMENTS["fields"]) == "Cada chave é um campo de cliente do Perfex; o valor diz qual coluna o preenche."
