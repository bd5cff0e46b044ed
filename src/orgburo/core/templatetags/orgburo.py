"""Template filters that turn statute codes into names in the page's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from orgburo.core.active_statute import active_statute
from orgburo.core.contributions import Link, record_page_name
from orgburo.core.contributions import contributions as page_contributions
from orgburo.core.i18n import current_language

register = template.Library()


@register.filter
def level_name(code: str) -> str:
    try:
        return active_statute().level(code).name.get(current_language())
    except KeyError:
        return code


@register.filter
def post_kind_name(code: str) -> str:
    try:
        return active_statute().post_kind(code).name.get(current_language())
    except KeyError:
        return code


@register.filter
def choice_name(code: str, list_name: str) -> str:
    for choice in active_statute().choices(list_name):
        if choice.code == code:
            return choice.name.get(current_language())
    return code


@register.simple_tag(takes_context=True)
def query(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (for sort and page links)."""
    params: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def contributions(context: template.Context, slot: str, obj: Any) -> SafeString:
    """Draw what the apps added to a slot of a shared page (core/contributions.py)."""
    page: dict[str, Any] = {str(key): value for key, value in context.flatten().items()}
    parts: list[str] = []
    for item in page_contributions(slot, page):
        if isinstance(item, Link):
            style = "button" if item.primary else "button secondary"
            parts.append(
                format_html(
                    '<a class="{}" href="{}">{}</a>',
                    style,
                    reverse(item.url_name, args=[obj.pk]),
                    item.label,
                )
            )
        else:
            parts.append(render_to_string(item.template, page, request=context.get("request")))
    return mark_safe("".join(parts))  # noqa: S308 - format_html and templates escape each part


@register.simple_tag
def record_url(label: str, pk: int | None) -> str:
    """The page of a record another app owns (core/contributions.py), or "" for none."""
    name = record_page_name(label)
    return reverse(name, args=[pk]) if name and pk is not None else ""


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key, 0)


@register.filter
def get_label(label: object) -> str:
    """A statute Label in the page's language."""
    getter = getattr(label, "get", None)
    return getter(current_language()) if callable(getter) else str(label)


@register.filter
def describe(standing: object) -> str:
    """A Standing in words, in the page's language."""
    return standing.describe(current_language())  # type: ignore[attr-defined]


@register.filter
def breakdown(counts: object) -> list[tuple[str | None, int | None, str | None, int | None]]:
    """Category and field counts side by side, one table row each, in statute order."""
    statute = active_statute()
    cats = [(c.code, counts.by_category.get(c.code, 0)) for c in statute.social_categories]  # type: ignore[attr-defined]
    fields = [(f.code, counts.by_field.get(f.code, 0)) for f in statute.fields]  # type: ignore[attr-defined]
    rows = []
    for i in range(max(len(cats), len(fields))):
        cat = cats[i] if i < len(cats) else (None, None)
        fld = fields[i] if i < len(fields) else (None, None)
        rows.append((cat[0], cat[1], fld[0], fld[1]))
    return rows
