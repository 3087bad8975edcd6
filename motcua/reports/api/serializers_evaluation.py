"""Outputs of the evaluation and Decision 766 index endpoints (reports.md §4, §5).

Scores and points are decimal strings ("1.3", "16.69"), as the rest of the API writes money-like
values; a missing average (no scored dossier) or a rate with a zero denominator is null.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


def dec(**kwargs: Any) -> serializers.DecimalField:
    """Points and maxima: up to 9999.99, as a string."""
    return serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=True, **kwargs)


class IndicatorsField(serializers.DictField):
    """Indicator number ("1" … "9") → average score rounded to 0.1, or null."""

    child = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True, coerce_to_string=True)


class SatisfactionField(serializers.DictField):
    """Satisfaction answers in the period by score (very_satisfied, satisfied, not_satisfied), beside the
    score and not added to it."""

    child = serializers.IntegerField(min_value=0)


class UnitOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text="Agency id, or the officer's user id.")
    name = serializers.CharField()
    dossiers = serializers.IntegerField(min_value=0, help_text="Scored (finished) dossiers.")
    indicators = IndicatorsField()
    total = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=True)
    classification = serializers.CharField()
    satisfaction = SatisfactionField()


class DossierScoreOutput(serializers.Serializer):
    code = serializers.CharField()
    scores = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=2))
    by_agency = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=2), help_text="Indicator 2 per agency id involved."
    )
    contacts = serializers.IntegerField(min_value=0, help_text="Contacts counted for indicator 3.")
    total = serializers.IntegerField(min_value=0, max_value=10)


class EvaluationOutput(serializers.Serializer):
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    agencies = UnitOutput(many=True, help_text="Nine indicators, sum out of 18, classification.")
    officers = UnitOutput(
        many=True, required=False, help_text="With can_bo=1: indicators 1, 2, 3, 4, 7, sum out of 10, classification."
    )
    officer = serializers.CharField(required=False, help_text="With ho_so_can_bo: the officer's name.")
    dossiers = DossierScoreOutput(many=True, required=False, help_text="With ho_so_can_bo: their scored dossiers.")
    notes = serializers.DictField(child=serializers.CharField(), help_text="What motcua cannot see, per indicator.")


class IndexLineOutput(serializers.Serializer):
    id = serializers.CharField(help_text="Indicator id, e.g. 2.1.")
    label = serializers.CharField()  # type: ignore[assignment]  # the output key, not Field.label
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(
        max_digits=7, decimal_places=2, allow_null=True, coerce_to_string=True, help_text="Rate in percent (2.2: days)."
    )
    points = dec()
    max_points = dec()
    threshold = dec(allow_null=True)
    verified = serializers.BooleanField(help_text="False: the weight is an unverified default (*).")
    no_data = serializers.BooleanField(help_text="motcua holds no data for it: 0 points, the reason in note.")
    note = serializers.CharField(allow_blank=True)


class IndexGroupOutput(serializers.Serializer):
    group = serializers.IntegerField(min_value=1, max_value=5)
    label = serializers.CharField()  # type: ignore[assignment]  # the output key, not Field.label
    max = dec()
    points = dec()
    verified = serializers.BooleanField()
    indicators = IndexLineOutput(many=True)


class Index766Output(serializers.Serializer):
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    total = dec(help_text="Out of 100.")
    groups = IndexGroupOutput(many=True)
