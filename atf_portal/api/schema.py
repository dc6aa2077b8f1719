"""The OpenAPI schema's shared parts that drf-spectacular cannot see from the views: every error is JSON with a
message (http.json_errors), and what each status means here."""

ERRORS = {
    "400": "A filter's value is not valid.",
    "401": "No token, or a token that is not valid (revoked, or never issued).",
    "403": "The token's owner may not read this.",
    "404": "Nothing has this address.",
    "406": "The format asked for is not one the API gives (JSON or CSV).",
    "429": "Too many requests from this client: wait and try again.",
}
ERROR = {
    "type": "object", "required": ["message", "status"],
    "properties": {"message": {"type": "string"}, "status": {"type": "integer"},
                   "errors": {"type": "object", "additionalProperties": True}},
}


def add_errors(result, generator, request, public):
    """A drf-spectacular postprocessing hook: the error answers on every operation, and the 304 to a request whose
    If-None-Match names the current ETag."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("304", {"description": "Not modified: the copy named in If-None-Match is current."})
            for status, description in ERRORS.items():
                responses.setdefault(status, {"description": description, "content": content})
    return result
