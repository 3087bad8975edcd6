"""Satisfaction ratings (services.md §4) and feedback, PAKN (services.md §5)."""

from .pakn import Feedback, FeedbackAttachment, FeedbackEvent, FeedbackSequence, FeedbackVote
from .rating import Criterion, Rating, RatingSource, Score

__all__ = [
    "Criterion",
    "Feedback",
    "FeedbackAttachment",
    "FeedbackEvent",
    "FeedbackSequence",
    "FeedbackVote",
    "Rating",
    "RatingSource",
    "Score",
]
