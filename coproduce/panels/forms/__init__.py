"""Panel forms: all input validation. `recruitment` is part 1; the rest are per part."""

from coproduce.panels.forms.recruitment import *  # noqa: F403
from coproduce.panels.forms.recruitment import (  # noqa: F401
    ALLOWED_ATTACHMENTS,
    APPLICATION_CHANNELS,
    DATE_ERROR,
)
