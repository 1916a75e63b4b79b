"""OpenLER: Learning and Employment Records, a skills-based talent marketplace and a
benefits-cliff planner, as open infrastructure for a state."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The version is looked up only when asked for: importlib.metadata costs a tenth of a
    # second at start-up, which the command line's cold start cannot spare.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("openler")
        except PackageNotFoundError:  # running from a source tree that was not installed
            return "0.0.0"
    raise AttributeError(name)
