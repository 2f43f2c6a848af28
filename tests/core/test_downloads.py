"""Every download is sent with Cache-Control: no-store (CSV exports, calendar files, papers)."""

from __future__ import annotations

from django.urls import reverse

from tests.core.test_tenancy_matrix import kwargs_for, riverside, url_names

__all__ = ["riverside"]  # a shared fixture

WHO_CAN_DOWNLOAD = ("dana", "alice", "bob")  # admin, staff, member: one of them may open each


def test_every_download_says_no_store(client, cast, riverside):
    downloads = {}
    for name, params in sorted(url_names().items()):
        url = reverse(name, kwargs=kwargs_for(name, params, riverside, riverside["org"]))
        for who in WHO_CAN_DOWNLOAD:
            client.force_login(cast[who])
            response = client.get(url)
            if response.status_code == 200:
                if response.has_header("Content-Disposition"):
                    downloads[name] = response.get("Cache-Control", "")
                break
    # The Ladder export is only for closed rounds (the matrix's round is open): its header is
    # checked in tests/ladder/test_export.py.
    assert {"workshop_record_csv", "payments_export"} <= set(downloads)
    assert {name: "no-store" in value for name, value in downloads.items()} == dict.fromkeys(
        downloads, True
    )
