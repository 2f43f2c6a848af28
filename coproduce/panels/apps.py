from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.pictures.owners import register_owner


class PanelsConfig(AppConfig):
    name = "coproduce.panels"
    label = "panels"
    verbose_name = _("Lived experience panels")

    def ready(self) -> None:
        # Imported here, not at the top: models are not ready when this module loads.
        from coproduce.core.plain_check import register_glossary_finder
        from coproduce.initiatives.home import register_home_part, register_to_dos
        from coproduce.initiatives.sections import register_people_groups
        from coproduce.panels import induction, queries
        from coproduce.panels.domain import access_notices
        from coproduce.panels.plain_language import Glossary
        from coproduce.people.access import register_need_changed

        # The home page shows a member's meetings and the staff to-do list.
        register_home_part("panels", queries.member_panels_for)
        register_home_part("contact_panels", queries.contact_panels_for)
        register_home_part("getting_started", induction.getting_started_for)
        register_to_dos("panels", queries.panel_to_dos)
        # Staff invite a panel's members to an initiative's workshop.
        register_people_groups(queries.panel_people_for)
        # Staff choose a picture for each point of these easy read texts.
        register_owner("panels.role", queries.role_for_pictures)
        register_owner("panels.notes", queries.notes_for_pictures)
        register_owner("panels.agenda_item", queries.agenda_item_for_pictures)
        register_owner("panels.venue_access", queries.venue_access_for_pictures)
        register_owner("panels.online_help", queries.online_help_for_pictures)
        register_owner("panels.agreement", queries.agreement_for_pictures)
        register_owner("panels.question", queries.question_for_pictures)
        # A member who adds or changes a need themself: their panels' contacts are told.
        register_need_changed(access_notices.notify_contacts_on_commit)
        # Every form's plain-language check finds jargon in the organisation's glossary.
        register_glossary_finder(Glossary.for_organisation)
