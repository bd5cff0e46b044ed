from django.urls import path

from orgburo.directives import views

app_name = "directives"
urlpatterns = [
    path("org/<int:pk>/directives/", views.directives, name="list"),
    path("org/<int:pk>/directives/new/", views.directive_new, name="new"),
    path("directive/<int:pk>/", views.directive, name="directive"),
    path("directive/<int:pk>/acknowledge/", views.directive_acknowledge, name="acknowledge"),
    path("directive/assignment/<int:pk>/report/", views.directive_report, name="report"),
    path("directive/assignment/<int:pk>/comment/", views.directive_comment, name="comment"),
    path("directive/file/<int:pk>/", views.attachment, name="attachment"),
]
