"""Event: a lecture, training class, salon or webinar, with sessions, an audience and registration."""
