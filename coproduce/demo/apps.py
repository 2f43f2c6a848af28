from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py seed_demo`: the one place that may import every app, to load demo data."""

    name = "coproduce.demo"
    label = "demo"
