from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "coproduce.wellbeing"
    label = "wellbeing"
    verbose_name = _("Wellbeing, concerns and training")
