"""Wellbeing pages. `concerns` holds the pages about concerns and check-ins (special
category data), `support` the lists and settings the organisation keeps. Every view is
re-exported here for `urls.py`."""

from coproduce.wellbeing.views.concerns import (
    check_in,
    check_in_list,
    concern_detail,
    concern_follow,
    concern_inbox,
    support_ask,
    support_mine,
)
from coproduce.wellbeing.views.support import (
    credit_create,
    safeguarding_lead_remove,
    signpost_create,
    signpost_edit,
    signpost_list,
    signpost_remove,
    support_settings,
    training_certificate,
    training_create,
    training_list,
    training_record,
)

__all__ = [
    "check_in",
    "check_in_list",
    "concern_detail",
    "concern_follow",
    "concern_inbox",
    "credit_create",
    "safeguarding_lead_remove",
    "signpost_create",
    "signpost_edit",
    "signpost_list",
    "signpost_remove",
    "support_ask",
    "support_mine",
    "support_settings",
    "training_certificate",
    "training_create",
    "training_list",
    "training_record",
]
