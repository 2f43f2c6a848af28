from django.apps import AppConfig

from coproduce.pictures.owners import register_owner


class WorkshopsConfig(AppConfig):
    name = "coproduce.workshops"
    label = "workshops"

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.initiatives.home import register_home_part
        from coproduce.workshops.queries import activity_for_pictures, upcoming_workshops_for

        # A member's home shows the workshops to come.
        register_home_part("workshops", upcoming_workshops_for)
        # Staff choose a picture for each point of an activity's easy read instruction.
        register_owner("workshops.activity", activity_for_pictures)
