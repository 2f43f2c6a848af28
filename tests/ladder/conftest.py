import pytest

from coproduce.ladder import domain


@pytest.fixture
def bank_v1(monkeypatch):
    """Rounds opened in this test use bank v1, as rounds opened before bank v2 still do."""
    monkeypatch.setattr(domain, "latest_bank_version", lambda: 1)
