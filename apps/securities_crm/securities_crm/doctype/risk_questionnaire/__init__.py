"""Risk Questionnaire (风险测评问卷): versioned questions, options with scores, and score bands to C1–C5.

The rows are child DocTypes (Risk Questionnaire Question / Option / Band), nested under the
questionnaire in the API. One version is active at a time; a version that assessments used is
frozen, so old assessments stay readable against the questions they answered.
"""
