"""A finding's codes and evidence in words, in the page's language: `{{ finding|cause_of }}`,
`{{ finding.severity|severity_label }}`, `{{ line|evidence_line }}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from orgburo.core.clock import today
from orgburo.core.i18n import current_language
from orgburo.line.models import Finding
from orgburo.line.selectors import cause_text, evidence_text, findings_concerning, rule_title
from orgburo.register.models import Tenure
from orgburo.register.selectors import active_on

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


@register.filter
def concerning(person: Any) -> list[tuple[str, Finding, list[str]]]:
    """The open findings that name the person: (the rule's title, the finding, its lines about
    them), for the person's own record."""
    places = {person.home_id} | set(
        Tenure.objects.filter(active_on(today()), person=person).values_list(
            "post__organisation_id", flat=True
        )
    )
    language = current_language()
    return [
        (rule_title(f.rule, language), f, [evidence_text(line) for line in lines])
        for f, lines in findings_concerning(person.pk, places)
    ]
