"""HTML routes and the API: every app's routes are discovered (core/routes.py)."""

from django.urls import URLPattern, URLResolver, path

from orgburo.api import api
from orgburo.core.routes import app_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    *app_urlpatterns(),
]
