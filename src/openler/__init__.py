"""OpenLER: Learning and Employment Records, a skills-based talent marketplace and a
benefits-cliff planner, as open infrastructure for a state."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("openler")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
