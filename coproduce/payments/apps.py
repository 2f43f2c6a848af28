from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "coproduce.payments"
    label = "payments"
    verbose_name = _("Payment for involvement")

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.initiatives.home import register_home_part, register_to_dos
        from coproduce.panels.roles import register_rate_reader
        from coproduce.payments import queries

        # The home page shows a member's claims, and claims to check or pay to staff.
        register_home_part("payments", queries.member_claims_for)
        register_to_dos("payments", queries.payment_to_dos)
        # The role description's pay comes from the rate table.
        register_rate_reader(queries.panel_meeting_rate)
