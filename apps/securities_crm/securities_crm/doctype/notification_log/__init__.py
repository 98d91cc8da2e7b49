"""Notification Log: a per-user inbox, as in Frappe. Other modules call securities_crm.notifications.notify()."""
