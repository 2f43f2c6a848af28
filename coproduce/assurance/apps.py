from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssuranceConfig(AppConfig):
    name = "coproduce.assurance"
    label = "assurance"
    verbose_name = _("What the records show")

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.assurance.evidence import evidence_beside, evidence_for
        from coproduce.initiatives.sections import register_initiative_section
        from coproduce.ladder.sections import register_results_section

        # The initiative page and the Ladder results show what the records show; neither
        # initiatives nor the ladder imports assurance.
        register_initiative_section("evidence", evidence_for)
        register_results_section("evidence", evidence_beside)
