"""Translation for every user-facing text: apps, printed tickets and spoken announcements."""
