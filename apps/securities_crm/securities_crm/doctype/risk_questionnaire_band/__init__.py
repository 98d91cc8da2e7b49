"""Risk Questionnaire Band: a score range and the risk level C1–C5 it gives (a child table of the questionnaire)."""
