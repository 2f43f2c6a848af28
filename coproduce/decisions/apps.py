from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "coproduce.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.decisions.proposal_queries import initiative_section, panel_section
        from coproduce.decisions.queries import decisions_section_for
        from coproduce.initiatives.sections import register_initiative_section
        from coproduce.panels.sections import register_panel_section

        # The initiative and panel pages show decisions, proposals and backing; they never
        # import this app.
        register_initiative_section("decisions", decisions_section_for)
        register_initiative_section("backing", initiative_section)
        register_panel_section("proposals", panel_section)
