"""Message templates of the load stage: the journal, existing clients, lost responses and the run's progress."""

from importer.i18n import N_

MESSAGES = {
    # Journal
    "journal_unusable": N_(
        "The journal {path} cannot be used: {reason}. "
        "Check the folder's permissions, or choose another file with --journal."
    ),
    "journal_other_files": N_(
        "The journal {path} belongs to another input or mapping file. "
        "Choose another file with --journal, or add --restart to discard it."
    ),
    "journal_unfinished": N_(
        "An unfinished import of this file with this mapping into {url} was found (journal {path}). "
        "To continue it without sending any row twice, run:\n  {command}\n"
        "or add --restart instead to discard the journal and start over."
    ),
    "journal_finished": N_(
        "These rows were already imported into {url} (journal {path}). "
        "Add --resume to rebuild the report, which sends nothing new:\n  {command}\n"
        "or add --restart to discard the journal and import the file again."
    ),
    "journal_resuming": N_(
        "Resuming the import recorded in {path}: {done} rows finished, {left} rows to send, "
        "{in_flight} sent without a recorded answer (looked up before any resend)."
    ),
    "journal_new": N_("Journal of this run: {path}"),
    "journal_discarded": N_("Discarded the journal {path}; starting over."),
    "journal_missing_on_resume": N_("No journal found at {path}; starting a new run."),
    # Existing clients
    # Counts follow a colon, so the sentences read right for 1 and for many without plural forms.
    "strategy_index": N_(
        "Clients already in Perfex: checked by reading the whole client list once, the cheaper way here "
        "(clients in Perfex: {clients}; requests: {requests}; rows to check: {rows})."
    ),
    "strategy_per_row": N_(
        "Clients already in Perfex: checked one row at a time, the cheaper way here "
        "(rows to check: {rows}; requests spent to decide: {requests})."
    ),
    "strategy_failed": N_("Looking up existing clients failed, so no row was sent."),
    "lookup_undecidable": N_(
        "This row cannot be looked up on the server: it has no CPF/CNPJ of bare digits and its company "
        "name has fewer than 2 characters. Check in Perfex whether the client exists."
    ),
    "existing_several": N_(
        "{count} existing clients match this row (ids {ids}), so the one to update is unclear. "
        "Merge them in Perfex, or update the client by hand."
    ),
    # Requests whose response was lost
    "in_flight_undecidable": N_(
        "The row was sent but no answer arrived, and it cannot be looked up (no CPF/CNPJ of bare digits, "
        "company name under 2 characters). Check in Perfex whether the client was created."
    ),
    "in_flight_several": N_(
        "The row was sent but no answer arrived, and {count} clients now match it (ids {ids}). "
        "Check in Perfex which one this row created and delete any extra one."
    ),
    "in_flight_lookup_failed": N_(
        "The row was sent but no answer arrived, and looking it up failed (HTTP {status_code}). "
        "Check in Perfex whether the client was created."
    ),
    "in_flight_unresolved": N_(
        "The row was sent but its answer was not recorded before the run stopped. Resume the run "
        "to look it up: it is sent again only if the look-up shows that it did not land."
    ),
    # Plan
    "plan_create": N_("would create"),
    "plan_skip": N_("would skip: already exists"),
    "plan_update": N_("would update: {fields}"),
    "plan_unchanged": N_("would skip: already up to date"),
    # Progress and the end of a run
    "waiting_rate_limit": N_("Waiting {seconds} s for the API rate limit."),
    "waiting_retry": N_("Waiting {seconds} s before trying again."),
    # Causes shown in the progress display's wait countdown
    "wait_cause_rate_limit": N_("API rate limit"),
    "wait_cause_retry": N_("pause before trying again"),
    "log_file_unusable": N_("The log file {path} cannot be written: {reason}. Check the folder and its permissions."),
    "requests_sent": N_("Requests sent to the API: {count}."),
    "run_interrupted": N_(
        "Interrupted. The rows in flight were recorded; the rows not sent yet are marked 'not sent' in the report."
    ),
    "resume_hint": N_("To continue from where the run stopped, run:\n  {command}"),
    "resume_token_hint": N_("Set PERFEX_TOKEN in the environment first: the token is not shown here."),
    "resume_restart_conflict": N_("--resume and --restart cannot be used together. Choose one."),
    "plan_with_journal_options": N_("--plan sends nothing and keeps no journal, so it takes neither --resume nor --restart."),
}
