from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "coproduce.workshops"
    label = "workshops"
