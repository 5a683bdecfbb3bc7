"""papermill support for the Velostream SQL kernel.

papermill has no translator entry-point group, but it imports every ``papermill.engine`` entry
point while importing ``papermill.engines``; importing this package registers the translator.
Keep it trivial: it runs while papermill itself is still being imported.
"""
from .translator import VelostreamTranslator
from .engine import VelostreamEngine

__all__ = ["VelostreamTranslator", "VelostreamEngine"]
