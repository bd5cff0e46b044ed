"""Template filters that turn statute codes into names in the page's language."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.translation import get_language

from orgburo.core.statute import active_statute

register = template.Library()


def _lang() -> str:
    return get_language() or "en"


@register.filter
def level_name(code: str) -> str:
    try:
        return active_statute().level(code).name.get(_lang())
    except KeyError:
        return code


@register.filter
def post_kind_name(code: str) -> str:
    try:
        return active_statute().post_kind(code).name.get(_lang())
    except KeyError:
        return code


@register.filter
def choice_name(code: str, list_name: str) -> str:
    for choice in active_statute().choices(list_name):
        if choice.code == code:
            return choice.name.get(_lang())
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


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key, 0)


@register.filter
def get_label(label: object) -> str:
    """A statute Label in the page's language."""
    getter = getattr(label, "get", None)
    return getter(_lang()) if callable(getter) else str(label)


@register.filter
def describe(standing: object) -> str:
    """A Standing in words, in the page's language."""
    return standing.describe(_lang())  # type: ignore[attr-defined]


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
