"""The ``papermill.engine`` entry point: papermill imports it while ``papermill.engines`` is still
being imported, which is how the translator gets registered (importing this submodule runs the
package's ``__init__`` first). It lives in a submodule, not in ``__init__``, so that importing
``velostream_papermill`` before papermill works: papermill then loads this entry point while
``__init__`` is only half done, and a name looked up on the half-done package would be missing.
"""
from papermill.engines import NBClientEngine


class VelostreamEngine(NBClientEngine):
    """Only here so papermill imports this package (and thus registers the translator)."""
