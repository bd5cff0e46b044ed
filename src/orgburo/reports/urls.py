from django.urls import path

from orgburo.reports import views

app_name = "reports"
urlpatterns = [
    path("org/<int:pk>/reports/", views.reports, name="reports"),
    path("org/<int:pk>/reports/upload/", views.reports_upload, name="reports_upload"),
    path("org/<int:pk>/reports/<slug:form_code>/<str:period_key>/", views.report, name="report"),
    path("report/<int:pk>/", views.report_by_id, name="report_by_id"),
    path("report/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("report/<int:pk>/return/", views.report_return, name="report_return"),
]
