from django.urls import path

from orgburo.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("enterprise/<int:pk>/", views.enterprise, name="enterprise"),
    path("enterprise/<int:pk>/managers/new/", views.manager_new, name="manager_new"),
    path("enterprise/manager/<int:pk>/end/", views.manager_end, name="manager_end"),
    path("enterprise/<int:pk>/inform/", views.notice_new, name="inform"),
    path("enterprise/notice/<int:pk>/", views.notice, name="notice"),
    path("enterprise/receipt/<int:pk>/confirm/", views.receipt_confirm, name="confirm"),
    path("enterprise/receipt/<int:pk>/answer/", views.receipt_answer, name="answer"),
]
