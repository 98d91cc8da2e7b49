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
    "Segment": {
        "validate": "securities_crm.segments.validation.validate_segment",
    },
}
