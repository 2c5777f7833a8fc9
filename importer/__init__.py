"""perfex-import: load client spreadsheets into Perfex CRM through the WON API module.

The package is laid out as the pipeline runs: ``read`` (CSV/XLSX to text
cells), ``mapping`` (YAML mapping to Perfex fields), ``validate`` (pandera
schema and Brazilian rules), ``load`` (sending rows, journal, retries),
``report`` (JSON/CSV/XLSX), plus ``api`` (the WON API client) and
``sandbox`` (a local server that speaks the same API).
"""

__version__ = "0.1.0"

import logging

# A library stays silent unless the application configures logging (the CLI does).
logging.getLogger(__name__).addHandler(logging.NullHandler())
