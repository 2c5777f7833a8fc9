"""The suggest-mapping workflow: print or save a first mapping for a spreadsheet."""

from __future__ import annotations

import logging
from pathlib import Path

from importer.console import Output
from importer.errors import ImporterError
from importer.exit_codes import ExitCode
from importer.i18n import _

logger = logging.getLogger(__name__)


def run_suggest(input_file: Path, output_path: Path | None, *, force: bool = False) -> ExitCode:
    """Suggest a mapping for ``input_file``; print it, or write it to ``output_path``.

    An existing ``output_path`` is overwritten only with ``force``, because
    it is often a mapping the user already edited by hand.
    """
    from importer.suggest import suggest_mapping
    from importer.suggest.messages import MESSAGES

    output = Output()
    if output_path is not None and output_path.exists() and not force:
        output.error(_(MESSAGES["suggest_output_exists"]).format(path=output_path))
        return ExitCode.USAGE_ERROR
    try:
        suggestion = suggest_mapping(input_file)
    except ImporterError as error:
        output.error_code(error.code, error.params)
        return error.exit_code

    if output_path is None:
        output.out.print(suggestion.text, end="", markup=False, highlight=False)
        return ExitCode.OK
    output_path.write_text(suggestion.text, encoding="utf-8")
    logger.info("suggested mapping for %s written to %s", input_file, output_path)
    output.info(_(MESSAGES["suggest_written"]).format(path=output_path, input=input_file))
    return ExitCode.OK
