from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "coproduce.selection"
    label = "selection"
    verbose_name = _("Fair selection of panel members")
