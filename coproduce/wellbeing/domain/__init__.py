"""Operations on wellbeing records. Each function lists its side effects.

One module per part of the work: `concerns` (concerns and check-ins, and the emails about
them), `support` (the response target, safeguarding leads, signposting, training and
credit). Every public name is re-exported here, so callers keep writing
`domain.raise_concern`.
"""

from coproduce.wellbeing.domain.concerns import (
    NO_LEAD_MESSAGE,
    add_working_days,
    concern_for_token,
    lead_addresses,
    raise_concern,
    read_check_ins,
    read_concern,
    record_check_in,
    send_check_in_email,
    send_new_concern_email,
    update_concern,
)
from coproduce.wellbeing.domain.support import (
    add_credit,
    add_training,
    appoint_safeguarding_lead,
    record_training,
    remove_safeguarding_lead,
    remove_signpost,
    save_signpost,
    set_response_days,
)

__all__ = [
    "NO_LEAD_MESSAGE",
    "add_credit",
    "add_training",
    "add_working_days",
    "appoint_safeguarding_lead",
    "concern_for_token",
    "lead_addresses",
    "raise_concern",
    "read_check_ins",
    "read_concern",
    "record_check_in",
    "record_training",
    "remove_safeguarding_lead",
    "remove_signpost",
    "save_signpost",
    "send_check_in_email",
    "send_new_concern_email",
    "set_response_days",
    "update_concern",
]
