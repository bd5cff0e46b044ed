from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "orgburo.core"
    label = "core"
    verbose_name = "orgburo core"
