"""perfex-import: load client spreadsheets into Perfex CRM through the WON API module.

The package is laid out as the pipeline runs. ``read`` turns CSV and
workbooks into text cells, ``mapping`` maps them to Perfex fields with a YAML
file, ``validate`` applies the pandera schema and the Brazilian rules,
``load`` sends rows with a journal and retries, and ``report`` writes JSON,
CSV or XLSX. ``api`` is the WON API client and ``sandbox`` a local server
that speaks the same API.
"""

__version__ = "0.1.0"

import logging

# A library stays silent unless the application configures logging (the CLI does).
logging.getLogger(__name__).addHandler(logging.NullHandler())
