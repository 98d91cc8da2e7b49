"""Event Registration: a client's seat (or waitlist place) at an Event; written by education/events.py."""
