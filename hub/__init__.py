"""Now Serving hub: the queue engine, its store, the API and discovery for one office."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nowserving")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
