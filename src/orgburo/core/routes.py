"""The discovery of each app's HTML routes: an installed orgburo app with a `urls` module is
mounted at the site's root, in the order of INSTALLED_APPS. Apps keep their paths apart by
their own prefixes (`org/<pk>/elections/`, `person/<pk>/membership/<action>/`), so the order
decides nothing."""

from __future__ import annotations

from importlib.util import find_spec

from django.apps import apps
from django.urls import URLResolver, include, path


def app_urlpatterns() -> list[URLResolver]:
    """An `include` of every orgburo app's `urls` module."""
    found: list[URLResolver] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("orgburo."):
            continue
        module_name = f"{config.name}.urls"
        if find_spec(module_name) is not None:
            found.append(path("", include(module_name)))
    return found
