"""Risk Questionnaire Question: one question of a questionnaire version (a child table)."""
