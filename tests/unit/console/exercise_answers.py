"""What Workflow answers about a consultation exercise, for the console's fake APIs."""

from __future__ import annotations

from typing import Any

EXERCISE: dict[str, Any] = {
    "exercise_id": "CX-1",
    "purpose": "Moving finance posts into Central Finance",
    "status": "open",
    "posts_count": 1,
    "departments": ["CS"],
    "clock": {
        "opened_on": "2026-11-02",
        "proposed_close": "2026-12-23",
        "earliest_close": "2026-12-17",
        "minimum_days": 45,
        "rule": "the statutory collective consultation rule",
        "days_left": 20,
        "may_close_from_today": False,
        "hr1_due": "2026-11-02",
        "at_risk_posts": 120,
    },
    "documents_shared": 1,
    "questions_asked": 1,
    "questions_unanswered": 1,
    "outcome": None,
    "closed_on": None,
    "decision": None,
    "posts": [{"post_number": "10423", "department": "CS", "function": "FIN",
               "title": "Finance Officer", "stage": "in_consultation", "scope": "in_scope"}],
    "representatives": ["UNISON"],
    "documents": [{"title": "Proposal paper", "version": "1.0", "link": "https://intranet.example/p",
                   "sha256": "", "shared_on": "2026-11-02"}],
    "questions": [{"question_id": "Q-1", "asked_by": "representative of UNISON",
                   "question": "Will staff keep their grades?", "asked_at": "2026-11-03T10:00:00",
                   "answer": None, "answered_at": None}],
    "extensions": [],
    "notes": "",
    "decision_reason": None,
    "timeline": [{"event_type": "ConsultationExerciseOpened", "occurred_at": "2026-11-02T09:00:00",
                  "actor": {"id": "hr-1", "role": "hr_staff"}, "summary": "Consultation opened"}],
}  # fmt: skip
