"""What every response shares: errors, and the choice-field helper."""

from rest_framework import serializers


def _choice(choices, **kwargs):
    return serializers.ChoiceField(choices=choices, **kwargs)


# ---------------------------------------------------------------------------------------------- errors


class ErrorSerializer(serializers.Serializer):
    """Any error other than a validation error: what went wrong, in one sentence."""

    detail = serializers.CharField()


class VersionConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField(allow_null=True)


# A 400: each bad parameter or field, with what is wrong and what is allowed.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Each bad parameter or field, mapped to messages saying what is allowed.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"sector": ["“mines” is not allowed. Use one of: mine, ironworks, …"]},
}
