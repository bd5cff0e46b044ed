from django.urls import path

from orgburo.deliberation import views

app_name = "deliberation"
urlpatterns = [
    path("org/<int:pk>/questions/", views.questions, name="list"),
    path("org/<int:pk>/questions/new/", views.question_new, name="new"),
    path("org/<int:pk>/questions/appeals/", views.appeals, name="appeals"),
    path("org/<int:pk>/questions/removals/", views.removals, name="removals"),
    path("org/<int:pk>/meetings/", views.meetings, name="meetings"),
    path("org/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("question/<int:pk>/participation/", views.participation, name="participation"),
    path("question/<int:pk>/", views.question, name="question"),
    path("question/<int:pk>/contribute/", views.contribute, name="contribute"),
    path("question/<int:pk>/propose/", views.propose, name="propose"),
    path("question/<int:pk>/vote/", views.vote, name="vote"),
    path("question/<int:pk>/assign/", views.assign, name="assign"),
    path("question/<int:pk>/reported/", views.report_urgent, name="report_urgent"),
    path("question/proposal/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("question/proposal/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("question/contribution/<int:pk>/remove/", views.remove, name="remove"),
    path("question/removal/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("question/removal/<int:pk>/decide/", views.decide, name="decide"),
    path("question/assignment/<int:pk>/report/", views.report, name="report"),
    path("question/assignment/<int:pk>/comment/", views.comment, name="comment"),
]
