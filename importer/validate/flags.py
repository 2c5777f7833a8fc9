"""The active flag, written as yes or no in Portuguese or English, as a word, a letter or a digit."""

from __future__ import annotations

from importer.textnorm import clean_text, strip_accents
from importer.validate.outcome import Outcome

# Perfex's own default for tblclients.active, used for an empty cell.
ACTIVE_DEFAULT = 1
_ACTIVE_VALUES = {
    "1": 1, "1.0": 1, "sim": 1, "s": 1, "ativo": 1, "ativa": 1, "true": 1, "verdadeiro": 1,
    "v": 1, "x": 1, "yes": 1, "y": 1,
    "0": 0, "0.0": 0, "nao": 0, "n": 0, "inativo": 0, "inativa": 0, "false": 0, "falso": 0,
    "f": 0, "no": 0,
}  # fmt: skip
ACCEPTED_ACTIVE_VALUES = "Sim/Não, S/N, Ativo/Inativo, true/false, verdadeiro/falso, 1/0, X"


def normalize_active(text: str) -> Outcome:
    """Return 1 or 0 for a yes/no cell in Portuguese or English, in any case and with or without accents."""
    key = strip_accents(clean_text(text)).casefold()
    if not key:
        return Outcome(ACTIVE_DEFAULT)
    if key not in _ACTIVE_VALUES:
        return Outcome(None, "active_invalid", {"accepted": ACCEPTED_ACTIVE_VALUES})
    return Outcome(_ACTIVE_VALUES[key])
