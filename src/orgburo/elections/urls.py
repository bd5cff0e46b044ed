from django.urls import path

from orgburo.elections import views

app_name = "elections"
urlpatterns = [
    path("org/<int:pk>/elections/", views.election_list, name="election_list"),
    path("org/<int:pk>/elections/call/", views.election_call, name="election_call"),
    path("election/<int:pk>/", views.election, name="election"),
    path("election/<int:pk>/nominate/", views.election_nominate, name="election_nominate"),
    path("election/<int:pk>/open/", views.election_open, name="election_open"),
    path("election/<int:pk>/vote/", views.election_vote, name="election_vote"),
    path("election/<int:pk>/close/", views.election_close, name="election_close"),
    path("election/<int:pk>/count/", views.election_count, name="election_count"),
    path("election/<int:pk>/receipts/", views.election_receipts, name="election_receipts"),
    path("election/<int:pk>/ballots.pdf", views.election_paper, name="election_paper"),
    path("election/<int:pk>/cancel/", views.election_cancel, name="election_cancel"),
    path("candidacy/<int:pk>/record/", views.candidacy_record, name="candidacy_record"),
    path("candidacy/<int:pk>/<slug:answer>/", views.candidacy_answer, name="candidacy_answer"),
    path("person/<int:pk>/elections/", views.person_elections, name="person_elections"),
]
