"""The counter terminal's PySide6 widgets: they render the model and call its methods."""
