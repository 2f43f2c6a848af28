"""Panel models, one module per part of the work (imported here so Django finds them).

recruitment: the panel, applications, members, targets and equality records (part 1).
access: access needs and adjustments (special category data: read through `panels.domain.access`).
meetings: meetings, the date poll, agenda, papers, notes, attendance and messages.
agreement: the group agreement, its points, comments, versions and who agreed.
glossary: the organisation's plain-language glossary.
questions: multiple-choice questions a panel adds to its application form.
strengths: what a member brings and wants to learn (with consent), and their induction.
"""

from coproduce.panels.models.access import *  # noqa: F403 -- all models as panels.models
from coproduce.panels.models.agreement import *  # noqa: F403 -- all models as panels.models
from coproduce.panels.models.glossary import *  # noqa: F403 -- all models as panels.models
from coproduce.panels.models.meetings import *  # noqa: F403 -- all models as panels.models
from coproduce.panels.models.questions import *  # noqa: F403 -- all models as panels.models
from coproduce.panels.models.recruitment import *  # noqa: F403 -- all models as panels.models
from coproduce.panels.models.strengths import *  # noqa: F403 -- all models as panels.models
