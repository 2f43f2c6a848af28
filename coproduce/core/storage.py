"""Static files in production: hashed names, compressed, and ES modules that import each other
by their hashed names too (Django rewrites `import … from "./swap.js"` when collecting)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
