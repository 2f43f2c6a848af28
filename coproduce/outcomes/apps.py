from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "coproduce.outcomes"
    label = "outcomes"
    verbose_name = _("You said, we did")

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.initiatives.home import register_home_part
        from coproduce.outcomes.queries import credited_count_for

        # A member's home links to what happened to what they said.
        register_home_part("outcomes", credited_count_for)
