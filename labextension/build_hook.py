"""Refuses to build a wheel without the prebuilt extension, instead of shipping an empty package."""
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrebuiltCheck(BuildHookInterface):
    def initialize(self, version, build_data):
        built = Path(self.root) / "velostream_jupyterlab" / "labextension" / "package.json"
        if not built.exists():
            raise RuntimeError(
                "velostream_jupyterlab/labextension is missing: build the extension first "
                "(`npm ci && npm run build` in labextension/, or `node scripts/bootstrap.mjs setup` at the repo root)"
            )
