from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "coproduce.wellbeing"
    label = "wellbeing"
    verbose_name = _("Wellbeing, concerns and training")

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.core.audit import register_private_entries
        from coproduce.initiatives.home import register_home_part, register_to_dos
        from coproduce.wellbeing.queries import (
            concern_to_dos,
            private_audit_entries_for,
            support_links_for,
        )

        # The activity log (core) must not show concerns to people who may not read them.
        register_private_entries(private_audit_entries_for)

        # The home page links to support pages, and lists concerns waiting for a reply.
        register_home_part("wellbeing", support_links_for)
        register_to_dos("wellbeing", concern_to_dos)
