"""Row statuses: every data row of the input ends in exactly one of them."""

from enum import Enum

from importer.i18n import N_


class RowStatus(str, Enum):
    """Final status of one data row; the values are the stable JSON report keys."""

    VALID = "valid"  # dry run: passed validation, nothing sent
    INVALID = "invalid"  # failed validation, not sent
    SKIPPED = "skipped"  # matched a skip_rows rule of the mapping
    DUPLICATE = "duplicate"  # repeats the CPF/CNPJ of an earlier row of the same file
    CREATED = "created"  # created in Perfex
    EXISTING = "existing"  # already in Perfex with the same CPF/CNPJ, left as it was
    UPDATED = "updated"  # already in Perfex, updated with the mapped fields
    FAILED = "failed"  # the API refused or failed the request
    NOT_SENT = "not_sent"  # valid but never sent (run stopped before it)
    NEEDS_REVIEW = "needs_review"  # sent, but whether it landed cannot be decided

    @property
    def label(self) -> str:
        """Return the untranslated label; translate with ``_()`` before showing."""
        return STATUS_LABELS[self]


STATUS_LABELS = {
    RowStatus.VALID: N_("valid"),
    RowStatus.INVALID: N_("invalid"),
    RowStatus.SKIPPED: N_("skipped"),
    RowStatus.DUPLICATE: N_("duplicate"),
    RowStatus.CREATED: N_("created"),
    RowStatus.EXISTING: N_("already exists"),
    RowStatus.UPDATED: N_("updated"),
    RowStatus.FAILED: N_("failed"),
    RowStatus.NOT_SENT: N_("not sent"),
    RowStatus.NEEDS_REVIEW: N_("needs review"),
}
