"""The sandbox workflow: serve the WON API sandbox until Ctrl-C."""

from __future__ import annotations

import signal
from typing import Any

from importer.console import Output
from importer.errors import ImporterError
from importer.exit_codes import ExitCode
from importer.i18n import _


def run_sandbox(options: dict[str, Any]) -> ExitCode:
    """Serve the WON API sandbox until Ctrl-C."""
    from importer.sandbox import SandboxOptions, SandboxServer

    output = Output()
    settings = SandboxOptions(
        host=options["host"],
        port=options["port"],
        token=options["token"],
        db_path=options["db_path"],
        api_version=int(options["api_version"]),
        validate_vat=options["validate_vat"],
        rate_limit=options["rate_limit"],
        rate_window=options["rate_window"],
        latency_ms=options["latency_ms"],
        fault_503=options["fault_503"],
        fault_500=options["fault_500"],
        fault_drop_after_store=options["fault_drop_after_store"],
        fault_hang=options["fault_hang"],
        seed=options["seed"],
    )
    server = SandboxServer(settings)

    def announce(running: SandboxServer) -> None:
        output.info(
            _("WON API sandbox listening on {url} (database {path}). Press Ctrl-C to stop.").format(
                url=running.url, path=running.db_path
            )
        )
        output.info(_("Token: the value given with --token (default sandbox-token)."))

    # A service manager stops the sandbox with SIGTERM: close it as cleanly as after Ctrl-C.
    previous = signal.signal(signal.SIGTERM, _interrupt_on_sigterm)
    try:
        server.serve_forever(on_ready=announce)
    except ImporterError as error:
        output.error_code(error.code, error.params)
        return error.exit_code
    finally:
        signal.signal(signal.SIGTERM, previous)
    output.info(_("WON API sandbox stopped; database kept at {path}").format(path=server.db_path))
    return ExitCode.OK


def _interrupt_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
