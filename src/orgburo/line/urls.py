from django.urls import path

from orgburo.line import views

app_name = "line"
urlpatterns = [
    path("org/<int:pk>/distortions/", views.distortions, name="distortions"),
    path("org/<int:pk>/distortions/audit/", views.audit_start, name="audit_start"),
    path(
        "org/<int:pk>/distortions.csv",
        views.distortions_export,
        {"fmt": "csv"},
        name="distortions_csv",
    ),
    path(
        "org/<int:pk>/distortions.xlsx",
        views.distortions_export,
        {"fmt": "xlsx"},
        name="distortions_xlsx",
    ),
    path("finding/<int:pk>/", views.finding, name="finding"),
]
