"""The member's own page links to their support page and to "what happened to what I said"."""

from __future__ import annotations

import re

from django.urls import reverse


def test_member_page_links_to_my_support_and_what_happened_and_both_open(client, bob, panel):
    client.force_login(bob)
    response = client.get(reverse("panel_me", kwargs={"org": "riverside", "pk": panel.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    section = re.search(r'<section aria-labelledby="my-pages-heading">(.*?)</section>', html, re.S)
    assert section is not None
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', section.group(1))
    assert links == [
        ("/o/riverside/wellbeing/", "My support, training and credits"),
        ("/o/riverside/you-said-we-did/mine/", "What happened to what I said"),
    ]
    assert [client.get(href).status_code for href, _text in links] == [200, 200]
