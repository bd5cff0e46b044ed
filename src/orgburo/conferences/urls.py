from django.urls import path

from orgburo.conferences import views

app_name = "conferences"
urlpatterns = [
    path("org/<int:pk>/conferences/", views.conferences, name="list"),
    path("org/<int:pk>/conferences/new/", views.conference_new, name="new"),
    path("conference/<int:pk>/", views.conference, name="conference"),
    path("conference/<int:pk>/seats/new/", views.seat_new, name="seat_new"),
    path("conference/seat/<int:pk>/end/", views.seat_end, name="seat_end"),
    path("conference/<int:pk>/convene/", views.convene, name="convene"),
    path("conference/invitation/<int:pk>/delegate/", views.delegate, name="delegate"),
]
