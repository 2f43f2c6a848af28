"""Panel forms: all input validation, one module per part of the work."""

from coproduce.panels.forms.applications import (  # noqa: F401 -- re-exported as panels.forms
    ALLOWED_ATTACHMENTS,
    APPLICATION_CHANNELS,
    ApplicationForm,
    StaffApplicationForm,
    check_attachment,
    check_upload,
)
from coproduce.panels.forms.equality import EqualityForm  # noqa: F401 -- re-exported
from coproduce.panels.forms.recruitment import *  # noqa: F403 -- part 1's panels.forms
from coproduce.panels.forms.recruitment import DATE_ERROR  # noqa: F401 -- re-exported
