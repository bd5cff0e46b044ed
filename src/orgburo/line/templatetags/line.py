"""A finding's codes and evidence in words, in the page's language: `{{ finding|cause_of }}`,
`{{ finding.severity|severity_label }}`, `{{ line|evidence_line }}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from orgburo.line.models import Finding
from orgburo.line.selectors import cause_text, evidence_text

register = template.Library()


@register.filter
def cause_of(finding: Finding) -> str:
    return cause_text(finding) if finding.cause else ""


# The statute's severities (line/statute.py SEVERITIES), as a page says them.
SEVERITY_LABELS = {"low": _("low"), "medium": _("medium"), "high": _("high")}


@register.filter
def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS.get(severity, severity))


@register.filter
def evidence_line(line: dict[str, Any]) -> str:
    return evidence_text(line)
