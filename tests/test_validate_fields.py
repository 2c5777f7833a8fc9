"""Per-cell rules: CEP, UF, phones, countries, the active flag, websites and free text."""

from __future__ import annotations

import pandas as pd
import pytest

from importer.validate.countries import BRAZIL_COUNTRY_ID, normalize_country, resolve_country
from importer.validate.flags import normalize_active
from importer.validate.phones import brazilian_phone_shortcut, normalize_phone
from importer.validate.postal import normalize_cep, normalize_foreign_zip
from importer.validate.states import UF_CODES, UF_NAMES, normalize_state
from importer.validate.text import normalize_company, normalize_text
from importer.validate.websites import normalize_website

US_COUNTRY_ID = 236  # United States in Perfex's stock tblcountries


@pytest.mark.parametrize(
    ("text", "zip_format", "stored"),
    [
        ("01310-100", "masked", "01310-100"),
        ("01310100", "masked", "01310-100"),
        ("01.310-100", "masked", "01310-100"),
        (" 01310-100 ", "digits", "01310100"),
        ("20040020", "digits", "20040020"),
    ],
)
def test_cep_stored_form(text, zip_format, stored):
    outcome = normalize_cep(text, zip_format)
    assert outcome.code == ""
    assert outcome.value == stored


@pytest.mark.parametrize("text", ["1310100", "1310100.0"])
def test_cep_leading_zero_restored(text):
    outcome = normalize_cep(text, "masked")
    assert outcome.code == "cep_zero_restored"
    assert outcome.value == "01310-100"


@pytest.mark.parametrize("text", ["123456", "013101000", "0131O-100", "CEP 01310-100"])
def test_cep_invalid(text):
    assert normalize_cep(text, "masked").code == "cep_invalid"


def test_cep_empty_is_none():
    assert normalize_cep("", "masked").value is None


def test_foreign_zip_kept_trimmed():
    assert normalize_foreign_zip("  SW1A 1AA ").value == "SW1A 1AA"


def test_foreign_zip_too_long():
    outcome = normalize_foreign_zip("1" * 16)
    assert outcome.code == "too_long"
    assert outcome.params == {"length": 16, "max_length": 15}


@pytest.mark.parametrize("code", UF_CODES)
def test_uf_by_code(code):
    assert normalize_state(code.lower(), is_brazil=True).value == code


@pytest.mark.parametrize(("code", "name"), sorted(UF_NAMES.items()))
def test_uf_by_name(code, name):
    assert normalize_state(name, is_brazil=True).value == code


@pytest.mark.parametrize("text", ["São Paulo", "sao paulo", "SAO PAULO", " São  Paulo "])
def test_uf_name_spellings(text):
    assert normalize_state(text, is_brazil=True).value == "SP"


def test_uf_count():
    assert len(UF_CODES) == 27


@pytest.mark.parametrize("text", ["XX", "Sampa", "São Paulo - SP"])
def test_uf_invalid_lists_codes(text):
    outcome = normalize_state(text, is_brazil=True)
    assert outcome.code == "uf_invalid"
    assert "SP" in outcome.params["accepted"]


def test_foreign_state_kept():
    assert normalize_state("New York", is_brazil=False).value == "New York"


@pytest.mark.parametrize(
    ("text", "e164", "national"),
    [
        ("(11) 3333-4444", "+551133334444", "(11) 3333-4444"),
        ("(11) 98765-4321", "+5511987654321", "(11) 98765-4321"),
        ("11 98765-4321", "+5511987654321", "(11) 98765-4321"),
        ("11987654321", "+5511987654321", "(11) 98765-4321"),
        ("+55 11 98765-4321", "+5511987654321", "(11) 98765-4321"),
        ("+55 (21) 2222-3333", "+552122223333", "(21) 2222-3333"),
        ("5511987654321", "+5511987654321", "(11) 98765-4321"),
        ("(011) 98765-4321", "+5511987654321", "(11) 98765-4321"),
        ("0 xx 11 3333 4444", "+551133334444", "(11) 3333-4444"),
        ("0 21 11 3333-4444", "+551133334444", "(11) 3333-4444"),
        ("+1 212 555 1234", "+12125551234", "+1 212-555-1234"),
    ],
)
def test_phone_formats(text, e164, national):
    assert normalize_phone(text, "e164", "warning").value == e164
    assert normalize_phone(text, "national", "warning").value == national


@pytest.mark.parametrize("text", ["3333-4444", "(11) 1234-5678", "123", "telefone"])
def test_phone_invalid_kept_as_warning(text):
    outcome = normalize_phone(f" {text} ", "e164", "warning")
    assert outcome.code == "phone_invalid"
    assert outcome.value == text


def test_phone_invalid_as_error():
    outcome = normalize_phone("3333-4444", "e164", "error")
    assert outcome.code == "phone_invalid"
    assert outcome.value is None


def test_phone_invalid_too_long_is_omitted():
    outcome = normalize_phone("ligar para a recepção depois das 14h", "e164", "warning")
    assert outcome.code == "phone_invalid_omitted"
    assert outcome.value is None


@pytest.mark.parametrize("text", ["(11) 3333-4444 / 3333-5555", "(11) 3333-4444; (11) 3333-5555", "(11) 3333-4444 ou 3333-5555"])
def test_phone_keeps_first_of_two(text):
    outcome = normalize_phone(text, "e164", "warning")
    assert outcome.code == "phone_multiple"
    assert outcome.value == "+551133334444"


def test_phone_shortcut_matches_phonenumbers():
    cells = [f"({area}) {prefix}{suffix:03d}-{line:04d}" for area in (11, 21, 30, 55, 99) for prefix in ("3", "9876", "1234", "7") for suffix in (0, 555) for line in (0, 4321)]
    series = pd.Series(cells, dtype="str")
    for phone_format in ("e164", "national"):
        settled, stored = brazilian_phone_shortcut(series, phone_format)
        assert settled.any()
        for cell, is_settled, value in zip(cells, settled, stored, strict=True):
            if is_settled:
                assert normalize_phone(cell, phone_format, "error").value == value, cell


@pytest.mark.parametrize(
    ("text", "country_id"),
    [
        ("Brasil", BRAZIL_COUNTRY_ID),
        ("brasil", BRAZIL_COUNTRY_ID),
        ("Brazil", BRAZIL_COUNTRY_ID),
        ("BR", BRAZIL_COUNTRY_ID),
        ("bra", BRAZIL_COUNTRY_ID),
        ("32", BRAZIL_COUNTRY_ID),
        ("Estados Unidos", US_COUNTRY_ID),
        ("EUA", US_COUNTRY_ID),
        ("E.U.A.", US_COUNTRY_ID),
        ("USA", US_COUNTRY_ID),
        ("United States", US_COUNTRY_ID),
        ("US", US_COUNTRY_ID),
        ("Alemanha", 83),
        ("Germany", 83),
        ("Reino Unido", 235),
        ("Japão", 111),
        ("japao", 111),
    ],
)
def test_country_resolves(text, country_id):
    assert resolve_country(text) == country_id


@pytest.mark.parametrize("text", ["Brasiu", "Narnia", "0", "999"])
def test_country_unknown(text):
    outcome = normalize_country(text, BRAZIL_COUNTRY_ID)
    assert outcome.code == "country_unknown"
    assert outcome.params["suggestions"]


def test_country_unknown_suggests_closest():
    assert normalize_country("Brasiu", BRAZIL_COUNTRY_ID).params["suggestions"].startswith("Brasil")


def test_country_empty_gets_default():
    assert normalize_country("", US_COUNTRY_ID).value == US_COUNTRY_ID


@pytest.mark.parametrize(
    ("text", "active"),
    [
        ("Sim", 1), ("SIM", 1), ("s", 1), ("Ativo", 1), ("true", 1), ("Verdadeiro", 1), ("1", 1), ("X", 1), ("", 1),
        ("Não", 0), ("nao", 0), ("N", 0), ("Inativo", 0), ("FALSE", 0), ("falso", 0), ("0", 0),
    ],
)  # fmt: skip
def test_active_values(text, active):
    assert normalize_active(text).value == active


def test_active_invalid():
    outcome = normalize_active("talvez")
    assert outcome.code == "active_invalid"
    assert "Sim/Não" in outcome.params["accepted"]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("empresa.com.br", "https://empresa.com.br"),
        ("www.x.com", "https://www.x.com"),
        (" https://empresa.com.br/contato ", "https://empresa.com.br/contato"),
        ("http://empresa.com.br", "http://empresa.com.br"),
        ("empresa.com.br:8080/loja", "https://empresa.com.br:8080/loja"),
    ],
)
def test_website_normalized(text, url):
    assert normalize_website(text).value == url


@pytest.mark.parametrize("text", ["mailto:contato@empresa.com.br", "contato@empresa.com.br", "empresa com br", "empresa", "ftp://x.com"])
def test_website_invalid_left_out(text):
    outcome = normalize_website(text)
    assert outcome.code == "website_invalid"
    assert outcome.value is None


def test_text_cleaned_keeps_accents_and_case():
    assert normalize_text("  Av.\u00a0Paulista,\u200b  1000 ", "address").value == "Av. Paulista, 1000"


def test_text_too_long():
    outcome = normalize_text("a" * 101, "city")
    assert outcome.code == "too_long"
    assert outcome.params == {"length": 101, "max_length": 100}


@pytest.mark.parametrize("text", ["", "   ", "\u200b"])
def test_company_required(text):
    assert normalize_company(text).code == "company_required"
