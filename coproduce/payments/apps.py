from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "coproduce.payments"
    label = "payments"
    verbose_name = _("Payment for involvement")

    def ready(self) -> None:
        from coproduce.panels.roles import register_rate_reader
        from coproduce.payments.queries import panel_meeting_rate

        register_rate_reader(panel_meeting_rate)
