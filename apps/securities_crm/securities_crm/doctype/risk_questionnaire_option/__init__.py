"""Risk Questionnaire Option: one answer to a question, with its score (a child table of the questionnaire)."""
