from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "coproduce.workshops"
    label = "workshops"

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.initiatives.home import register_home_part
        from coproduce.workshops.queries import upcoming_workshops_for

        # A member's home shows the workshops to come.
        register_home_part("workshops", upcoming_workshops_for)
