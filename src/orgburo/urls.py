"""HTML routes and the API."""

from django.urls import include, path

from orgburo.api import api

urlpatterns = [
    path("api/", api.urls),
    path("", include("orgburo.core.urls")),
    path("", include("orgburo.register.urls")),
]
