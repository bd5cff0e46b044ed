from typing import Any

from django import template

from orgburo.line.models import Finding
from orgburo.programmes.selectors import measures_for

register = template.Library()


@register.filter
def measures(finding: Finding) -> list[tuple[Any, Any]]:
    """The programmes that took the finding up, each with the assignment it gave."""
    return measures_for(finding)
