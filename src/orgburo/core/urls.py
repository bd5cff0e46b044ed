from django.contrib.auth import views as auth_views
from django.urls import include, path

from orgburo.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("pick/<slug:source>/", views.pick, name="pick"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/count/", views.inbox_count, name="inbox_count"),
    path("inbox/choices/", views.inbox_choices, name="inbox_choices"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
]
