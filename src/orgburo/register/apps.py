from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "orgburo.register"
    label = "register"
    verbose_name = "register"
