"""Operations on panels, one module per part of the work. Each function lists its side effects.

`recruitment` (set-up, applications, members) is re-exported here, as part 1 called it
`panels.domain`. The newer parts are imported by name: `from coproduce.panels.domain import
meetings`.
"""

from coproduce.panels.domain.recruitment import *  # noqa: F403 -- part 1's panels.domain
from coproduce.panels.domain.recruitment import DRAFT_FIELDS, STATUS_MESSAGES, TASK_KIND  # noqa: F401 -- re-exported
