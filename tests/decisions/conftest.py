"""The same Riverside panel as tests/wellbeing: alice named contact, dana deputy, bob member."""

from tests.wellbeing.conftest import media_in_tmp, panel  # noqa: F401 -- shared fixtures
