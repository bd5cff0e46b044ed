"""`{{ finding|cause_of }}`: a finding's cause in words, in the page's language (never its code)."""

from __future__ import annotations

from django import template

from orgburo.line.models import Finding
from orgburo.line.selectors import cause_text

register = template.Library()


@register.filter
def cause_of(finding: Finding) -> str:
    return cause_text(finding) if finding.cause else ""
