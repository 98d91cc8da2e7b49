"""Investor suitability (适当性): the rules that span the suitability DocTypes.

    choices.py       risk ratings R1–R5, horizons, varieties, channels (shared by the DocTypes)
    scoring.py       a questionnaire's answers -> score, level C1–C5, lowest-category flag, preferences
    matching.py      client × product -> a result per axis (risk, horizon, variety) and overall
    professional.py  the professional-investor thresholds (person/entity, first grant/conversion)
    assessments.py   which assessment is current, and copying it onto the client
    service.py       check() and confirm(): what the API, the desk and the portal call
    jobs.py          the daily expiry reminders (tasks/schedule.py runs it)
    report.py        the suitability report page's figures; figures.py the home dashboard's
    fixtures.py      loads fixtures/questionnaire.json and fixtures/products.json

The DocTypes (doctype/risk_*, product, service_offering, suitability_record,
professional_investor_application) call these functions; they never copy the rules.
"""
