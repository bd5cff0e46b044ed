"""The page's language, as the statute's labels want it ("en" or "ru…")."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language, gettext


def current_language() -> str:
    """The active language code; English outside a request."""
    return get_language() or "en"


def in_each_language(message: str, **params: object) -> dict[str, str]:
    """A message in every interface language, for text stored now and read later in either
    (a finding's evidence). Mark the literal with `gettext_noop` so the catalogue finds it;
    `params` may hold lazy texts (a field's label), the statute's labels, or texts by language
    (anything with `.get(language)`), which each language renders its own way."""
    out: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values = {key: _rendered(value, code) for key, value in params.items()}
            out[code] = gettext(message) % values if values else gettext(message)
    return out


def in_language(texts: dict[str, str], language: str | None = None) -> str:
    """One of `in_each_language`'s texts: the page's language, else English."""
    code = (language or current_language())[:2]
    return texts.get(code) or texts.get("en", "")


def _rendered(value: object, language: str) -> str:
    get = getattr(value, "get", None)
    return str(get(language)) if callable(get) else str(value)
