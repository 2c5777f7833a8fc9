"""Pieces shared by the workflows behind the commands."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from importer.errors import InputFileError


@dataclass(frozen=True)
class CommandOptions:
    """The options of validate and run, as one frozen object."""

    input_file: Path
    mapping_path: Path
    report_path: Path | None = None
    csv_delimiter: str = ";"
    quiet: bool = False
    verbose: bool = False
    debug: bool = False
    url: str | None = None
    token: str | None = None
    sandbox: bool = False
    failed_rows: Path | None = None  # --failed-rows: the rows to fix, in the input's format
    log_file: Path | None = None
    show_personal_data: bool = False

    @classmethod
    def from_click(cls, options: dict[str, Any]) -> CommandOptions:
        known = {name: options[name] for name in cls.__dataclass_fields__ if name in options}
        return cls(**known)

    def check_output_paths(self) -> None:
        """Raise InputFileError (exit 2) when a file the command will write cannot be created.

        Checked before the first row is read, so a typo in --report does not
        surface as a crash after every row has been sent.
        """
        outputs = (("--report", self.report_path), ("--failed-rows", self.failed_rows), ("--log-file", self.log_file))
        written: dict[Path, str] = {}
        for option, path in outputs:
            if path is None:
                continue
            # Writing over the file being read, or two outputs into one file, would destroy data.
            resolved = path.resolve()
            if resolved == self.input_file.resolve():
                raise InputFileError("output_is_input", option=option, path=str(path))
            if resolved in written:
                raise InputFileError("outputs_collide", option=option, other=written[resolved], path=str(path))
            written[resolved] = option
            folder = path.parent if str(path.parent) else Path(".")
            if path.is_dir():
                raise InputFileError("output_is_folder", option=option, path=str(path))
            if not folder.is_dir():
                raise InputFileError("output_folder_missing", option=option, path=str(path), folder=str(folder))
            if not os.access(folder, os.W_OK):
                raise InputFileError("output_folder_not_writable", option=option, path=str(path), folder=str(folder))



def failed_rows_message(count: int, path: Path) -> str:
    """Return the line reporting how many rows went to the --failed-rows file."""
    from importer.i18n import _, ngettext

    if count == 0:
        return _("No row needs fixing; {path} holds only the header.").format(path=path)
    return ngettext(
        "Failed rows: {count} row written to {path}", "Failed rows: {count} rows written to {path}", count
    ).format(count=count, path=path)


def new_summary(options: CommandOptions, mode: str):
    from importer.report.model import RunSummary

    return RunSummary(
        input_path=options.input_file,
        mapping_path=options.mapping_path,
        mode=mode,
        started_at=datetime.now().astimezone(),
    )


