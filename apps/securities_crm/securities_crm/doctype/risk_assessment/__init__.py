"""Risk Assessment (风险测评): a client's answers to a questionnaire version, scored on submit.

Submitting computes the score, level, lowest-category flag, horizon, varieties and valid_until
(suitability/scoring.py); after that the record does not change. The newest valid assessment
sets the client's risk_level, lowest_category and risk_valid_until (suitability/assessments.py).
"""
