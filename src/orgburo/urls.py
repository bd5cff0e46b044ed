"""HTML routes and the API."""

from django.urls import include, path

from orgburo.api import api

urlpatterns = [
    path("api/", api.urls),
    path("", include("orgburo.core.urls")),
    # before the register: its person/<pk>/<action>/ would swallow person/<pk>/elections/
    path("", include("orgburo.elections.urls")),
    path("", include("orgburo.line.urls")),
    path("", include("orgburo.register.urls")),
]
