"""URL converters: ids are positive and fit the database's integer, so a huge id is a 404, not a
server error on PostgreSQL."""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)
