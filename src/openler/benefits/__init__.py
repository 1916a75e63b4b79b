"""The benefits-cliff engine: taxes, public benefits, expenses and net resources for a batch
of households at many earnings levels at once.

A pure library: no web, no database, no global state beyond the read-only parameter files.
``evaluate(households, earnings, year)`` is the entry point; ``openler benefits`` the
command line.
"""

from openler.benefits.api import evaluate

__all__ = ["evaluate"]
