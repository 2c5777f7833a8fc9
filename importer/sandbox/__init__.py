"""A local server that speaks the WON API contract and stores clients in SQLite.

It replaces a Perfex CRM site in tests, in ``perfex-import sandbox`` and in
``perfex-import run --sandbox``. It can inject rate limits, latency and
faults: 503, 500, a dropped connection after storing, and a request that
never gets a response.
"""

from importer.sandbox.options import SandboxOptions
from importer.sandbox.server import SandboxServer

__all__ = ["SandboxOptions", "SandboxServer"]
