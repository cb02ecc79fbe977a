"""The terminal's look: high contrast, large targets, state colours a clerk reads at a glance."""

STATE_COLOURS = {"open": "#1b7f3b", "paused": "#b86e00", "closed": "#6b6b6b"}

STYLESHEET = """
QWidget#counterWindow { background: #f4f5f7; }
QWidget#header { background: #1f2a36; }
QWidget#header QLabel { color: #ffffff; }
QLabel#counterTitle { font-weight: bold; }
QLabel#stateChip { border-radius: 6px; padding: 2px 10px; color: #ffffff; }
QLabel#heading { color: #5b6570; text-transform: uppercase; }
QLabel#ticketNumber { color: #0d3b66; }
QLabel#timer { color: #333b44; }
QLabel#nextNumbers { color: #0d3b66; }
QLabel#waitingCount { color: #0d3b66; }
QWidget#ticketPanel, QWidget#queuePanel { background: #ffffff; border-radius: 8px; }
QLabel#banner { padding: 4px 10px; border-radius: 4px; }
QLabel#banner[kind="error"] { background: #fde2e1; color: #8a1c14; }
QLabel#banner[kind="ok"] { background: #e3f4e8; color: #14532d; }
QLabel#banner[kind="info"] { background: #e8eef6; color: #1f2a36; }
QPushButton { border-radius: 8px; padding: 4px 2px; background: #ffffff;
              border: 1px solid #b9c2cc; color: #1f2a36; }
QPushButton:disabled { background: #e9ecef; color: #9aa3ad; border-color: #d6dbe0; }
QPushButton#primary { background: #0d6efd; color: #ffffff; border: none; }
QPushButton#primary:disabled { background: #9dbcf0; color: #eef3fb; }
QPushButton#headerButton { background: #2f3e4e; color: #ffffff; border: none;
                           padding: 4px 12px; }
QLabel#pairingCode { color: #0d3b66; letter-spacing: 6px; }
"""
