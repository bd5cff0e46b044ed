"""A finding's codes in words, in the page's language: `{{ finding|cause_of }}`,
`{{ finding.severity|severity_label }}`."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from orgburo.line.models import Finding
from orgburo.line.selectors import cause_text

register = template.Library()


@register.filter
def cause_of(finding: Finding) -> str:
    return cause_text(finding) if finding.cause else ""


# The statute's severities (line/statute.py SEVERITIES), as a page says them.
SEVERITY_LABELS = {"low": _("low"), "medium": _("medium"), "high": _("high")}


@register.filter
def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS.get(severity, severity))
