"""Compiled page templates kept between builds (a Jinja bytecode cache).

Every build compiles Furo's and our page templates again (about 30 of them,
~0.3 s on the 2-core build machine), although they change only when the theme
or our templates do. Sphinx's documented ``template_bridge`` setting names the
class that renders templates; this one is Sphinx's own loader with Jinja's
``FileSystemBytecodeCache`` switched on, in ``<doctreedir>/jinja-bytecode``.
Jinja checks each template's source checksum before using cached code, so an
edited template is recompiled; the rendered HTML is the same either way.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from sphinx.jinja2glue import BuiltinTemplateLoader


class CachedTemplateLoader(BuiltinTemplateLoader):
    def init(self, builder, theme=None, dirs=None) -> None:
        super().init(builder, theme, dirs)
        folder = Path(builder.doctreedir, "jinja-bytecode")
        folder.mkdir(parents=True, exist_ok=True)
        self.environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
