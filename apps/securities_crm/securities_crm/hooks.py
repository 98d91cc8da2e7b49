"""The app's wiring, as Frappe's hooks.py: which service answers which document event.

Models never import services (ARCHITECTURE.md); when a DocType's lifecycle needs one, the event
is declared here and core/hooks.py calls the handler. Each handler takes the document (and, for
workflow events, the move, user, reason and values). Read once, by AppConfig.ready.
"""

doc_events = {
    "Risk Assessment": {
        "before_submit": "securities_crm.suitability.assessments.score",
        "on_submit": "securities_crm.suitability.assessments.follow",
        "on_cancel": "securities_crm.suitability.assessments.follow",
    },
    "Monitoring Rule": {
        "validate": "securities_crm.monitoring.kinds.validate_rule",
    },
    "Professional Investor Application": {
        "validate": "securities_crm.suitability.applications.check_criteria",
    },
    "Service Ticket": {
        "validate": "securities_crm.service.tickets.prepare",
        "after_insert": [
            "securities_crm.service.assignment.route",
            "securities_crm.service.complaints.open_for_ticket",
        ],
        "before_transition": "securities_crm.service.sla.follow_transition",
        "after_transition": "securities_crm.service.csat.ask",
    },
    "Complaint": {
        "after_transition": "securities_crm.service.complaints.follow",
    },
    "Care Task": {
        "after_transition": "securities_crm.service.care.after_transition",
    },
    "Survey Response": {
        "validate": "securities_crm.feedback.comments.analyse_response",
    },
    "Improvement Action": {
        "validate": "securities_crm.feedback.actions.check_links",
    },
    "Event": {
        # more seats, by any route (desk, REST, frappe.client): the waitlist moves up (education/events.py)
        "on_update": "securities_crm.education.events.fill_seats",
    },
    "Segment": {
        "validate": "securities_crm.segments.validation.validate_segment",
    },
}

# Events of the app (core/hooks.APP_EVENTS): handlers take the event's arguments.
app_events = {
    # an ingestion batch committed: the touched clients' recency and activity are refreshed (profiling/jobs.py)
    "after_ingest": ["securities_crm.profiling.jobs.after_ingest"],
    # Client Profiles were written, by the nightly run (client_ids None) or a refresh: what reads the
    # profiles (segments) registers here, handler(client_ids, as_of)
    "after_profiles": ["securities_crm.segments.jobs.after_profiles"],
    # an Event's last session ended and its attendance is final: handler(event, attendee client ids); feedback
    # sends its post-event survey from here (feedback/distribution.py)
    "event_ended": ["securities_crm.feedback.distribution.after_event"],
    # a client rated a resolved ticket (service/csat.py): handler(ticket, channel); the rating is also a
    # response to the open CSAT survey (feedback/distribution.py)
    "ticket_rated": ["securities_crm.feedback.distribution.after_rating"],
    # a Survey Response was recorded, or re-submitted with new answers (feedback/responses.py), inside its
    # transaction: handler(response); what reads the answers (comment analysis) registers here
    "feedback_recorded": ["securities_crm.feedback.comments.after_response"],
}
