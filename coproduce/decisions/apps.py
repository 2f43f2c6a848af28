from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "coproduce.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.decisions.proposal_queries import initiative_section, panel_section
        from coproduce.initiatives.sections import register_initiative_section
        from coproduce.panels.sections import register_panel_section

        # The panel and initiative pages show proposals and backing; they never import us.
        register_initiative_section("backing", initiative_section)
        register_panel_section("proposals", panel_section)
