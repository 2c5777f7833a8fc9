"""Workflows behind the commands; each returns an ExitCode and renders library errors."""
