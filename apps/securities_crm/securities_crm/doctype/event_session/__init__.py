"""Event Session: one sitting of an Event (a child table), with its time and a place or a link."""
