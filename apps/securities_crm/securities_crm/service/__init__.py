"""Service: tickets from every channel with SLAs, complaints with deadlines, care visits (回访) and CSAT.

calendar.py        working time: the SLA arithmetic over days, hours, breaks, holidays and trading days
sla.py             choosing a ticket's SLA Policy, its due times, pauses, reminders and breaches
assignment.py      assignment rules: round robin or fewest open, skipping staff away; client manager first
tickets.py         opening tickets, replies and client messages, matching callers, merge and split
attachments.py     stored attachments, their type checked by content and their size limited
inbound_email.py   a raw RFC 822 message into a ticket: threading by subject token or References
channels.py        WeChat, app and SMS webhooks: HMAC-SHA256 signatures with a replay window
confidentiality.py nothing about an AML matter reaches the client
complaints.py      complaints (投诉): opened from their category, followed through their workflow
care.py            Care Rules making Care Tasks, and what a failed 回访 check opens
csat.py            the satisfaction rating after resolution, in the portal or by a signed link
jobs.py            the scheduled jobs (tasks/schedule.py)
"""
