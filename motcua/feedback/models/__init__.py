"""Satisfaction ratings (services.md §4) and feedback, PAKN (services.md §5)."""

from .rating import Criterion, Rating, RatingSource, Score

__all__ = ["Criterion", "Rating", "RatingSource", "Score"]
