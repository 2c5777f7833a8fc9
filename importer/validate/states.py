"""UF: the 27 Brazilian federative units, by code or by name."""

from __future__ import annotations

from importer.textnorm import clean_text, strip_accents
from importer.validate.outcome import EMPTY, Outcome
from importer.validate.text import normalize_text

UF_NAMES = {
    "AC": "Acre",
    "AL": "Alagoas",
    "AP": "Amapá",
    "AM": "Amazonas",
    "BA": "Bahia",
    "CE": "Ceará",
    "DF": "Distrito Federal",
    "ES": "Espírito Santo",
    "GO": "Goiás",
    "MA": "Maranhão",
    "MT": "Mato Grosso",
    "MS": "Mato Grosso do Sul",
    "MG": "Minas Gerais",
    "PA": "Pará",
    "PB": "Paraíba",
    "PR": "Paraná",
    "PE": "Pernambuco",
    "PI": "Piauí",
    "RJ": "Rio de Janeiro",
    "RN": "Rio Grande do Norte",
    "RS": "Rio Grande do Sul",
    "RO": "Rondônia",
    "RR": "Roraima",
    "SC": "Santa Catarina",
    "SP": "São Paulo",
    "SE": "Sergipe",
    "TO": "Tocantins",
}
UF_CODES = tuple(sorted(UF_NAMES))


def _fold(text: str) -> str:
    return strip_accents(clean_text(text)).casefold()


# Lookup key (no accents, lower case) of every code and name, to its code.
_UF_BY_KEY = {_fold(code): code for code in UF_CODES} | {_fold(name): code for code, name in UF_NAMES.items()}


def resolve_uf(text: str) -> str | None:
    """Return the UF code of a code or state name in any case, with or without accents."""
    return _UF_BY_KEY.get(_fold(text))


def normalize_state(text: str, is_brazil: bool) -> Outcome:
    """Store a Brazilian state as its UF code; keep the state of another country as text."""
    if not is_brazil:
        return normalize_text(text, "state")
    if not clean_text(text):
        return EMPTY
    code = resolve_uf(text)
    if code is None:
        return Outcome(None, "uf_invalid", {"accepted": ", ".join(UF_CODES)})
    return Outcome(code)
