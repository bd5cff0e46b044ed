from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "orgburo.demo"
    label = "demo"
    verbose_name = "demo organisation"
