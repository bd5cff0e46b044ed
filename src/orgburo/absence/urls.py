from django.urls import path

from orgburo.absence import views

app_name = "absence"
urlpatterns = [
    path("person/<int:pk>/leave/new/", views.leave_new, name="new"),
    path("leave/<int:pk>/cancel/", views.leave_cancel_view, name="cancel"),
]
