from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The synthetic demo province. It sits above every app (it fills them all), so no app
    imports it."""

    name = "demo"
    verbose_name = "Demo data"
