"""Professional Investor Application (专业投资者申请): a written application with evidence, checked
against the thresholds in suitability/professional.py and approved or refused by a reviewer.
Approval sets the client's investor_type; an application to revert makes a professional ordinary again."""
