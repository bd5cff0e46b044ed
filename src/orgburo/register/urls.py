from django.urls import path

from orgburo.register import correction_views, transfer_views, views

app_name = "register"
urlpatterns = [
    path("tree/", views.tree, name="tree"),
    path("org/<int:pk>/", views.organisation, name="organisation"),
    path("org/<int:pk>/children/", views.children, name="children"),
    path("org/<int:pk>/found/", views.organisation_found, name="organisation_found"),
    path("org/<int:pk>/roll.<slug:fmt>", views.roll_file, name="roll_file"),
    path("org/<int:pk>/admit/", views.member_admit, name="member_admit"),
    path("org/<int:pk>/move/", views.organisation_reparent, name="organisation_reparent"),
    path("org/<int:pk>/dissolve/", views.organisation_dissolve, name="organisation_dissolve"),
    path("org/<int:pk>/persons/new/", views.person_new, name="person_new"),
    path("org/<int:pk>/posts/new/", views.post_create, name="post_create"),
    path("post/<int:pk>/fill/", views.tenure_fill, name="tenure_fill"),
    path("tenure/<int:pk>/end/", views.tenure_end, name="tenure_end"),
    path("person/<int:pk>/", views.person, name="person"),
    path("person/<int:pk>/card.pdf", views.membership_card, name="membership_card"),
    path("person/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "person/<int:pk>/membership/<slug:action>/",
        views.membership_action,
        name="membership_action",
    ),
    path(
        "person/<int:pk>/corrections/new/",
        correction_views.correction_new,
        name="correction_new",
    ),
    path(
        "correction/<int:pk>/answer/", correction_views.correction_answer, name="correction_answer"
    ),
    path("search/", views.search, name="search"),
    path("org/<int:pk>/transfers/", transfer_views.transfers, name="transfers"),
    path("transfer/<int:pk>/", transfer_views.transfer, name="transfer"),
    path("transfer/<int:pk>/arrive/", transfer_views.transfer_arrive, name="transfer_arrive"),
    path("transfer/<int:pk>/cancel/", transfer_views.transfer_cancel, name="transfer_cancel"),
]
