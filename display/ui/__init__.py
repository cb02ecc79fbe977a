"""The display's PySide6 widgets: they render ``display.model.DisplayModel`` and nothing else."""
