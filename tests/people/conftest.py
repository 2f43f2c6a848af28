"""The shared Riverside panel (alice the named contact, dana the deputy, bob a member), for
a person's own pages that show on their panels."""

from tests.panels.conftest import panel  # noqa: F401 -- shared fixture
