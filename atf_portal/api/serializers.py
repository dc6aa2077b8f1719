"""The API's fields: stable names, public fields only. What a resident could not read on a public page (people's
names, the plan's partners as written, RAG ratings, targets) is left out of every public serializer."""

from rest_framework import serializers

from atf_portal.framework.models import MarmotRecommendation, SystemRecommendation, Theme
from atf_portal.outcomes.models import OutcomesReport
from indicators.models import Indicator, IndicatorSummary, IndicatorValue
from programmes.models import Programme
from programmes.reporting.models import Update

from . import summaries


class RecommendationSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True, help_text='As the Marmot report cites it, e.g. "6.3".')
    theme = serializers.IntegerField(source="theme.number")

    class Meta:
        model = MarmotRecommendation
        fields = ["reference", "theme", "order", "text"]


class SystemRecommendationSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True, help_text='e.g. "SR3".')

    class Meta:
        model = SystemRecommendation
        fields = ["reference", "number", "title"]


class ThemeSerializer(serializers.ModelSerializer):
    recommendations = RecommendationSerializer(many=True, read_only=True)

    class Meta:
        model = Theme
        fields = ["number", "title", "recommendations"]


class IndicatorSerializer(serializers.ModelSerializer):
    theme = serializers.IntegerField(source="theme.number", allow_null=True, default=None)
    status = serializers.CharField(source="get_status_display")
    polarity = serializers.CharField(source="get_polarity_display")
    confidence_level = serializers.FloatField(source="comparator_confidence")

    class Meta:
        model = Indicator
        fields = ["number", "title", "theme", "status", "status_note", "polarity", "confidence_level", "unit",
                  "baseline_period", "fingertips_id", "fingertips_id_confirmed", "data_source", "definition",
                  "rationale", "metadata_source", "fingertips_polarity", "value_type", "frequency", "next_update",
                  "metadata_fetched_at"]


class ValueSerializer(serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator.number")
    area_code = serializers.CharField(source="area.code", allow_null=True)
    area_name = serializers.CharField(source="area.name")
    area_type = serializers.CharField(source="area.kind")

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "area_code", "area_name", "area_type", "period", "period_start", "period_end", "sex",
                  "age", "category_type", "category", "value", "lower_ci", "upper_ci", "lower_ci_998",
                  "upper_ci_998", "count", "denominator", "value_note"]


class SummarySerializer(serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator.number")
    places = serializers.SerializerMethodField()
    cheshire_and_merseyside = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorSummary
        fields = ["indicator", "sex", "age", "is_default", "latest_period", "baseline_period", "england_value",
                  "north_west_value", "place_min", "place_max", "comparisons", "trends", "places",
                  "cheshire_and_merseyside", "last_loaded"]

    def get_places(self, summary) -> list[dict]:
        return summaries.places(summary, self.context["places"])

    def get_cheshire_and_merseyside(self, summary) -> dict | None:
        return summaries.cm(summary)


class ProgrammeSerializer(serializers.ModelSerializer):
    theme = serializers.IntegerField(source="theme.number")
    status = serializers.CharField(source="get_status_display")
    boards = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    partners = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    ambitions = serializers.SlugRelatedField(slug_field="title", many=True, read_only=True)
    indicators = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    recommendations = serializers.SerializerMethodField()
    system_recommendations = serializers.SerializerMethodField()
    places = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "name", "theme", "outline", "outcomes", "measures", "status", "economic_contribution",
                  "hcp_led", "boards", "partners", "ambitions", "indicators", "recommendations",
                  "system_recommendations", "places"]

    def get_recommendations(self, programme) -> list[str]:
        return [r.reference for r in programme.recommendations.all()]

    def get_system_recommendations(self, programme) -> list[str]:
        return [r.reference for r in programme.system_recommendations.all()]


class CoherenceSerializer(serializers.ModelSerializer):
    programme_count = serializers.IntegerField()
    hcp_led_count = serializers.IntegerField()
    programmes_linked = serializers.IntegerField()
    indicator_count = serializers.IntegerField()
    indicators_acted_on = serializers.IntegerField()
    recommendation_count = serializers.IntegerField()
    recommendations_with_programme = serializers.IntegerField()
    recommendations_covered = serializers.IntegerField()

    class Meta:
        model = Theme
        fields = ["number", "title", "programme_count", "hcp_led_count", "programmes_linked", "indicator_count",
                  "indicators_acted_on", "recommendation_count", "recommendations_with_programme",
                  "recommendations_covered"]


class OutcomesReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomesReport
        fields = ["id", "year", "version", "published_at", "changes"]


class OutcomesReportDetailSerializer(OutcomesReportSerializer):
    class Meta(OutcomesReportSerializer.Meta):
        fields = [*OutcomesReportSerializer.Meta.fields, "content"]


class UpdateSerializer(serializers.ModelSerializer):
    """A programme's return for a period, as the token's owner may read it on the portal's pages."""

    programme = serializers.IntegerField(source="programme_id")
    programme_name = serializers.CharField(source="programme.name")
    period = serializers.CharField(source="period.name")

    class Meta:
        model = Update
        fields = ["id", "programme", "programme_name", "period", "state", "rag", "reason", "narrative",
                  "milestone_statuses", "actuals", "submitted_at", "decided_at", "return_reason"]


class GapFlagSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    subject = serializers.CharField()
    sentence = serializers.CharField()
    theme = serializers.IntegerField(allow_null=True)
    url = serializers.CharField()
