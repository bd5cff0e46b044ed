from django.apps import AppConfig


class TreebenchConfig(AppConfig):
    name = "bench.treebench"
    label = "treebench"
    default_auto_field = "django.db.models.BigAutoField"
