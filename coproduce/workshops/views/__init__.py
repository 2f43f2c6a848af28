"""Workshop views, one module per page family: `planning` (staff, before the day), `inviting`
(invitations and the sign-up page), `console` (running it: console, QR, proxy, access needs),
`screen` (the projector), `room` (people taking part, no account needed), `records` (the record
and the gallery); `common` holds the shared helpers. Every view is re-exported here, so
`urls.py` keeps writing `views.workshop_room`.
"""

from coproduce.workshops.views.common import step_fields
from coproduce.workshops.views.console import (
    workshop_access_needs,
    workshop_console,
    workshop_control,
    workshop_paper_add,
    workshop_proxy,
    workshop_qr,
)
from coproduce.workshops.views.inviting import (
    workshop_invite,
    workshop_sign_up,
    workshop_sign_up_calendar,
    workshop_sign_up_record,
)
from coproduce.workshops.views.planning import (
    activity_create,
    activity_edit,
    activity_move,
    activity_remove,
    idea_create,
    workshop_access_arranged,
    workshop_copy,
    workshop_create,
    workshop_detail,
    workshop_edit,
)
from coproduce.workshops.views.records import (
    activity_take_in_board_ideas,
    activity_take_in_ideas,
    workshop_contributions_csv,
    workshop_gallery,
    workshop_record,
    workshop_record_csv,
)
from coproduce.workshops.views.room import (
    COOKIE_DAYS,
    workshop_act,
    workshop_join,
    workshop_join_code,
    workshop_left,
    workshop_room,
)
from coproduce.workshops.views.screen import workshop_screen

__all__ = [
    "COOKIE_DAYS",
    "activity_create",
    "activity_edit",
    "activity_move",
    "activity_remove",
    "activity_take_in_board_ideas",
    "activity_take_in_ideas",
    "idea_create",
    "step_fields",
    "workshop_access_arranged",
    "workshop_access_needs",
    "workshop_act",
    "workshop_console",
    "workshop_contributions_csv",
    "workshop_control",
    "workshop_copy",
    "workshop_create",
    "workshop_detail",
    "workshop_edit",
    "workshop_gallery",
    "workshop_invite",
    "workshop_join",
    "workshop_join_code",
    "workshop_left",
    "workshop_paper_add",
    "workshop_proxy",
    "workshop_qr",
    "workshop_record",
    "workshop_record_csv",
    "workshop_room",
    "workshop_screen",
    "workshop_sign_up",
    "workshop_sign_up_calendar",
    "workshop_sign_up_record",
]
