"""JSON for backups, with times to the microsecond.

Django's JSON serializer cuts times to the millisecond, so a time like 10:00:00.000500 comes
back from a restore as 10:00:00: not the data that was backed up, and a history whose order
depends on it could change. This one writes times whole; Django's JSON deserializer reads
them back as they were, so a backup stays an ordinary .json fixture."""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]

FORMAT = "json-precise"  # the name SERIALIZATION_MODULES gives this module


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder
