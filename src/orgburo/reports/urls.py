from django.urls import path

from orgburo.reports import views

app_name = "reports"
urlpatterns = [
    path("org/<int:pk>/reports/", views.reports, name="reports"),
    path("org/<int:pk>/reports/upload/", views.reports_upload, name="reports_upload"),
    path("org/<int:pk>/reports/<slug:form_code>/<str:period_key>/", views.report, name="report"),
    path("report/<int:pk>/", views.report_by_id, name="report_by_id"),
    path("org/<int:pk>/events/", views.events, name="events"),
    path("org/<int:pk>/events/new/", views.event_new, name="event_new"),
    path("event/<int:pk>/", views.event, name="event"),
    path("report/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("report/<int:pk>/return/", views.report_return, name="report_return"),
]
