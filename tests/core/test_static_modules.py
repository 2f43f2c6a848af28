"""The live room's ES modules under collectstatic: imports point at the hashed files, and
WhiteNoise serves them with a JavaScript type (browsers refuse a module with any other)."""

from __future__ import annotations

import json
import re

from django.core.management import call_command
from django.test import override_settings
from whitenoise.media_types import MediaTypes

from coproduce.core.storage import StaticStorage


def test_module_imports_use_the_hashed_names(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "coproduce.core.storage.StaticStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    phone = (tmp_path / paths["js/room/phone.js"]).read_text()
    imported = re.findall(r'from "\./([^"]+)"', phone)
    assert imported == [paths["js/room/live.js"][8:], paths["js/room/steps.js"][8:]]
    live = (tmp_path / paths["js/room/live.js"]).read_text()
    for name in re.findall(r'from "\./([^"]+)"', live):
        assert re.fullmatch(r"[a-z]+\.[0-9a-f]{12}\.js", name), name
        assert (tmp_path / "js/room" / name).exists()
    assert StaticStorage.support_js_module_import_aggregation


def test_modules_are_served_as_javascript():
    assert MediaTypes().get_type("js/room/phone.3f2a1b4c5d6e.js") == "text/javascript"
