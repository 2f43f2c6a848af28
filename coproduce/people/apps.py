from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "coproduce.people"
    label = "people"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from coproduce.people import reading  # inline: ready() runs after models load

        # A person who chose large print sees their pages in larger text from the start.
        user_logged_in.connect(reading.remember_large_print_at_login, dispatch_uid="large_print")
