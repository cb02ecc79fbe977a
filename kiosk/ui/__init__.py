"""The kiosk's PySide6 screens: they render `KioskModel.view` and call its methods."""
