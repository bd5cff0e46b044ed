from django.urls import path

from orgburo.cadres.views import desk, person, transfers

app_name = "cadres"
urlpatterns = [
    path("cadres/person/<int:pk>/skills/new/", person.skill_new, name="skill_new"),
    path("cadres/person/<int:pk>/skills/", person.skill_history, name="skill_history"),
    path("cadres/person/<int:pk>/willing/", person.willing, name="willing"),
    path("cadres/person/<int:pk>/transfer/", transfers.transfer_new, name="transfer_new"),
    path("cadres/skill/<int:pk>/correct/", person.skill_correct, name="skill_correct"),
    path("cadres/skill/<int:pk>/withdraw/", person.skill_withdraw_view, name="skill_withdraw"),
    path("cadres/signal/<int:pk>/", person.signal, name="signal"),
    path("cadres/org/<int:pk>/", desk.desk, name="desk"),
    path("cadres/org/<int:pk>/pipeline/", desk.pipeline_page, name="pipeline"),
    path("cadres/org/<int:pk>/signals/compute/", desk.signals_compute_view, name="signals_compute"),
    path("cadres/org/<int:pk>/runs/new/", desk.run_new, name="run_new"),
    path("cadres/org/<int:pk>/courses/new/", desk.course_new, name="course_new"),
    path("cadres/run/<int:pk>/", desk.run, name="run"),
    path("cadres/run/<int:pk>/campaign/", desk.campaign_from_run_view, name="campaign_from_run"),
    path("cadres/course/<int:pk>/", desk.course, name="course"),
    path("cadres/enrolment/<int:pk>/finish/", desk.enrolment_finish_view, name="enrolment_finish"),
    path("cadres/transfer/<int:pk>/", transfers.transfer, name="transfer"),
    path("cadres/transfer/<int:pk>/agree/", transfers.transfer_agree, name="transfer_agree"),
    path("cadres/transfer/<int:pk>/refuse/", transfers.transfer_refuse, name="transfer_refuse"),
    path("cadres/transfer/<int:pk>/execute/", transfers.transfer_execute, name="transfer_execute"),
    path("cadres/campaign/<int:pk>/", transfers.campaign, name="campaign"),
    path(
        "cadres/campaign/<int:pk>/approve/",
        transfers.campaign_approve_view,
        name="campaign_approve",
    ),
    path(
        "cadres/campaign/<int:pk>/execute/",
        transfers.campaign_execute_view,
        name="campaign_execute",
    ),
]
