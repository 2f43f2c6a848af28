from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "coproduce.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.decisions.queries import decisions_section_for
        from coproduce.initiatives.sections import register_initiative_section

        # The initiative page lists the latest decisions; initiatives never imports decisions.
        register_initiative_section("decisions", decisions_section_for)
