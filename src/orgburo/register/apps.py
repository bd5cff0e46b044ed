from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "orgburo.register"
    label = "register"
    verbose_name = "register"

    def ready(self) -> None:
        # The register keeps persons and posts, so it tells the kernel what a user's scope is.
        from orgburo.core.scope import provide_scope_facts
        from orgburo.register.selectors import scope_facts

        provide_scope_facts(scope_facts)
