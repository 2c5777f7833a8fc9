"""Render issue and error codes into user-facing text in the current language.

Each stage keeps its message templates beside its code, in a ``MESSAGES``
dict mapping a stable code to an English template marked with ``N_``. The
templates use named ``{placeholders}`` filled from the issue's params, its
``value``, ``field`` and ``column``, after translation.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from importer.i18n import _
from importer.issues import Issue

# Modules that define a MESSAGES dict; each is imported only when a message is rendered.
MESSAGE_MODULES = (
    "importer.read.messages",
    "importer.mapping.messages",
    "importer.validate.messages",
    "importer.api.messages",
    "importer.sandbox.messages",
    "importer.connection_check",
    "importer.suggest.messages",
    "importer.load.messages",
    "importer.report.messages",
    "importer.cli_messages",
)


@cache
def templates() -> dict[str, str]:
    """Return every known code with its English template."""
    merged: dict[str, str] = {}
    for module_name in MESSAGE_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            # Tolerate only the module itself (or its package) being absent, not a broken import inside it.
            if error.name is None or not module_name.startswith(error.name):
                raise
            continue
        merged.update(module.MESSAGES)
    return merged


class _KeepMissing(dict):
    """Format mapping that leaves an unknown placeholder visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, **params: Any) -> str:
    """Translate the template of ``code`` and fill in ``params``."""
    template = templates().get(code)
    if template is None:
        details = ", ".join(f"{key}={value}" for key, value in params.items())
        return f"{code} ({details})" if details else code
    return _(template).format_map(_KeepMissing(params))


def render_issue(issue: Issue) -> str:
    """Return the translated message of ``issue``."""
    params = {"value": issue.value, "field": issue.field, "column": issue.column, **issue.params}
    return render(issue.code, **params)
