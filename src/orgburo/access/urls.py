from django.urls import path

from orgburo.access import views

app_name = "access"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.signin_code, name="signin_code"),
    path(
        "person/<int:pk>/login/two-factor/reset/", views.reset_two_factor, name="reset_two_factor"
    ),
    path("person/<int:pk>/login/unlock/", views.unlock_signin, name="unlock_signin"),
    path("person/<int:pk>/login/issue/", views.issue_login, name="issue_login"),
    path("person/<int:pk>/login/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("org/<int:pk>/logins/", views.issue_logins, name="issue_logins"),
    path("invite/", views.invitation, name="invitation"),
    path("invite/<str:code>/", views.invitation_link, name="invitation_link"),
]
urlpatterns += [
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/two-factor/confirm/", views.two_factor_confirm, name="two_factor_confirm"),
    path("account/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("account/sessions/end/", views.end_other_sessions, name="end_other_sessions"),
    path("password/reset/", views.password_reset, name="password_reset"),
]
