from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "orgburo.elections"
    label = "elections"
    verbose_name = "elections"
