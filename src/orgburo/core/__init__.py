"""Shared foundations: the audit log, the caller's scope, errors, htmx helpers."""
