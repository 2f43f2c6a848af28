from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "coproduce.initiatives"
    label = "initiatives"

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.initiatives.home import message_to_dos, register_to_dos

        # Letters, texts and calls people chose (people.messages) are on the staff to-do list.
        register_to_dos("messages", message_to_dos)
