"""Data Subject Request: a client's request under PIPL to see, correct or delete their data,
with a due date and a workflow (Open → In Progress → Completed or Rejected)."""
