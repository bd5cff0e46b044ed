from django.urls import path

from orgburo.programmes import views

app_name = "programmes"
urlpatterns = [
    path("org/<int:pk>/programmes/", views.programmes, name="list"),
    path("org/<int:pk>/programmes/new/", views.programme_new, name="new"),
    path("programme/<int:pk>/", views.programme, name="programme"),
]
