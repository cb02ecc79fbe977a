"""The touchscreen ticket kiosk: `nowserving kiosk` (model without Qt, PySide6 UI in `ui`)."""

__version__ = "0.1.0"
