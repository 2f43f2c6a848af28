from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "coproduce.wellbeing"
    label = "wellbeing"
    verbose_name = _("Wellbeing, concerns and training")

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.core.audit import register_private_entries
        from coproduce.wellbeing.queries import private_audit_entries_for

        # The activity log (core) must not show concerns to people who may not read them.
        register_private_entries(private_audit_entries_for)
