"""Issues raised at a PPG meeting: feedback from the group, recorded by staff.

They are stored as responses (mode staff, raised by the group) so reports count them with
all other feedback, but attributed to the group and never to a person. The topics come
from the event's own topics survey, so they are counted the same way as anyone else's.
"""

from __future__ import annotations

from app.core.surveys import parse_survey

ISSUE_SURVEY_ID = "ppg_issue"
ISSUE_QUESTION = "issue"

ISSUE_SURVEY = parse_survey({
    "id": ISSUE_SURVEY_ID,
    "version": 1,
    "languages": ["en"],
    "title": {"en": "Issue raised by the group"},
    "questions": [
        {"id": ISSUE_QUESTION, "type": "text", "required": True, "max_length": 2000,
         "text": {"en": "What did the group raise?"}},
    ],
}, source="meeting issues")
