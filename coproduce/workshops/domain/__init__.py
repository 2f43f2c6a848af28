"""Everything that changes a workshop. Each function writes, then tells the room.

Commit, then notify: every change bumps the workshop's version and asks `events` to send a
fresh snapshot in `transaction.on_commit`, so a rolled-back change sends nothing and a vote
is in the database before anyone is told about it.

Facilitator actions are logged; people's own dots and ideas are not (there would be a log
line per dot, and anonymous people must stay anonymous).

One module per part of the work: `planning` (the agenda beforehand), `inviting`
(invitations, sign-ups and reminders), `joining` (joining, leaving, access needs), `agenda`
(running it: the activity on screen and its timer), `votes` (dots and ratings),
`taking_part` (ideas and passing); `common` holds what they share. Every public name (and
the helpers `methods` uses) is re-exported here, so callers keep writing `domain.place_dot`.
"""

from coproduce.workshops.domain.agenda import (
    close_voting,
    end_workshop,
    extend_activity,
    go_back,
    pause_activity,
    reopen_workshop,
    resume_activity,
    skip_activity,
    start_activity,
)
from coproduce.workshops.domain.common import Refused
from coproduce.workshops.domain.common import _changed as _changed
from coproduce.workshops.domain.common import _retry_when_busy as _retry_when_busy
from coproduce.workshops.domain.inviting import (
    answer_invitation,
    invite_to_workshop,
    send_workshop_reminders,
)
from coproduce.workshops.domain.joining import (
    add_paper_participant,
    join_workshop,
    leave_workshop,
    read_access_needs,
    read_known_people_access_needs,
)
from coproduce.workshops.domain.merges import Merged, Unmerged, merge_ideas, unmerge_idea
from coproduce.workshops.domain.planning import (
    add_activity,
    copy_workshop,
    create_workshop,
    move_activity,
    remove_activity,
    set_access_need_arranged,
    update_activity,
    update_workshop,
)
from coproduce.workshops.domain.taking_part import (
    add_idea,
    edit_idea,
    pass_activity,
    withdraw_idea,
)
from coproduce.workshops.domain.votes import (
    DotRequest,
    Placed,
    hide_idea,
    place_dot,
    place_dots,
    rate_idea,
    remove_dot,
    show_idea,
)

__all__ = [
    "DotRequest",
    "Merged",
    "Placed",
    "Refused",
    "Unmerged",
    "add_activity",
    "add_idea",
    "add_paper_participant",
    "answer_invitation",
    "close_voting",
    "copy_workshop",
    "create_workshop",
    "edit_idea",
    "end_workshop",
    "extend_activity",
    "go_back",
    "hide_idea",
    "invite_to_workshop",
    "join_workshop",
    "leave_workshop",
    "merge_ideas",
    "move_activity",
    "pass_activity",
    "pause_activity",
    "place_dot",
    "place_dots",
    "rate_idea",
    "read_access_needs",
    "read_known_people_access_needs",
    "remove_activity",
    "remove_dot",
    "reopen_workshop",
    "resume_activity",
    "send_workshop_reminders",
    "set_access_need_arranged",
    "show_idea",
    "skip_activity",
    "start_activity",
    "unmerge_idea",
    "update_activity",
    "update_workshop",
    "withdraw_idea",
]
