from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LadderConfig(AppConfig):
    name = "coproduce.ladder"
    label = "ladder"
    verbose_name = _("Ladder of Co-production")

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.initiatives.home import register_home_part
        from coproduce.initiatives.sections import register_initiative_section
        from coproduce.ladder.queries import ladder_summary_for, open_links_for

        # The initiative page shows the Ladder summary; initiatives never imports the ladder.
        register_initiative_section("ladder", ladder_summary_for)

        # A member's home shows the Ladder questions waiting for their answers.
        register_home_part("ladder", open_links_for)
