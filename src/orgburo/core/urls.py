from django.contrib.auth import views as auth_views
from django.urls import include, path

from orgburo.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
]
