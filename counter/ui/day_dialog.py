"""The clerk's day on request: served, average service time, no-shows, transfers."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from counter.day_stats import DayStats
from counter.texts import duration
from counter.ui.fonts import font
from hub.i18n import Translator


class DayDialog(QDialog):
    """A read-only summary of today's figures at this counter."""

    def __init__(self, stats: DayStats, complete: bool, tr: Translator,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr._
        self.setObjectName("dayDialog")
        self.setWindowTitle(_("My day"))
        title = QLabel(_("Today at this counter (%(day)s)") % {"day": stats.business_day})
        title.setFont(font(15, bold=True))
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        rows = [
            ("served", _("Visitors served"), str(stats.served)),
            ("average", _("Average service time"), duration(stats.average_service_s)),
            ("longest", _("Longest service"), duration(stats.longest_service_s
                                                       if stats.served else None)),
            ("wait", _("Average wait of your visitors"), duration(stats.average_wait_s)),
            ("no_shows", _("No-shows"), str(stats.no_shows)),
            ("transferred", _("Transferred"), str(stats.transferred)),
        ]
        for key, label, value in rows:
            shown = QLabel(value)
            shown.setFont(font(15, bold=True))
            shown.setObjectName(f"day_{key}")
            name = QLabel(label)
            name.setFont(font(13))
            form.addRow(name, shown)
            self.values[key] = shown
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        if not complete:
            note = QLabel(_("Counted since this terminal started; earlier visitors are "
                            "not included."))
            note.setWordWrap(True)
            note.setObjectName("note")
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
