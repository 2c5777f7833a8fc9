"""English message templates of the sandbox's error codes; translations live in the gettext catalogs."""

from importer.i18n import N_

MESSAGES = {
    "sandbox_port_invalid": N_("Invalid sandbox port {value}: expected 0 (any free port) to 65535."),
    "sandbox_port_unavailable": N_(
        "Cannot listen on {host}:{port}: {reason}. Choose another port, or 0 for any free port."
    ),
    "sandbox_database_unusable": N_(
        "Cannot use {path} as the sandbox database: {reason}. Choose another file or delete this one."
    ),
    "sandbox_api_version_invalid": N_("Invalid WON API version {value}: expected 1 or 2."),
    "sandbox_rate_limit_invalid": N_(
        "Invalid rate limit {value}: expected at least 1 request per window."
    ),
    "sandbox_rate_window_invalid": N_(
        "Invalid rate limit window {value}: expected a number of seconds above 0."
    ),
    "sandbox_latency_invalid": N_("Invalid latency {value}: expected 0 or more milliseconds."),
    "sandbox_probability_invalid": N_(
        "Invalid probability {value} for {option}: expected a number from 0 to 1."
    ),
    "sandbox_fault_total_invalid": N_(
        "The fault probabilities add up to {total}, above 1. Lower them so that they add up to 1 at most."
    ),
}
