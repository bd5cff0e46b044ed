from django.urls import path

from orgburo.meetings import views

app_name = "meetings"
urlpatterns = [
    path("meeting/<int:pk>/", views.meeting, name="meeting"),
    path("meeting/<int:pk>/record/", views.meeting_record_view, name="record"),
    path("meeting/<int:pk>/cancel/", views.meeting_cancel_view, name="cancel"),
    path("meeting/<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("meeting/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("meeting/<int:pk>/minutes.pdf", views.minutes_print, name="minutes_pdf"),
    path("meeting/<int:pk>/attendance/", views.attendance_take, name="attendance"),
    path("meeting/<int:pk>/speakers/", views.speaker_new, name="speaker_add"),
    path("meeting/speaker/<int:pk>/start/", views.speaker_start_view, name="speaker_start"),
    path("meeting/speaker/<int:pk>/end/", views.speaker_end_view, name="speaker_end"),
    path("meeting/speaker/<int:pk>/strike/", views.speaker_strike_view, name="speaker_strike"),
    path("meeting/<int:pk>/vote/", views.vote_take, name="vote"),
    path("meeting/assignment/<int:pk>/report/", views.decision_report, name="report"),
]
