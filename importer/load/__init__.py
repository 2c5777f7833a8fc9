"""Load stage: send valid rows to the WON API and record what happened to each."""
