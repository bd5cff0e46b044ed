"""The page's language, as the statute's labels want it ("en" or "ru…")."""

from __future__ import annotations

from django.utils.translation import get_language


def current_language() -> str:
    """The active language code; English outside a request."""
    return get_language() or "en"
