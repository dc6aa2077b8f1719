"""What the anonymous crowd reads (bench/locust_public.py with no think time, bench/paced_crowd.py paced): the
public outcomes report's pages and the open data API's public lists, by the names the results give them."""

PLACES = ["liverpool", "halton", "knowsley", "sefton", "wirral", "st-helens", "warrington", "cheshire-east",
          "cheshire-west-and-chester"]
PAGES = {"index": "/outcomes/", "report": "/outcomes/2025/", "place": "/outcomes/2025/places/{place}/"}
API = {
    "api themes": "/api/v1/themes/", "api indicators": "/api/v1/indicators/",
    "api indicator": "/api/v1/indicators/{n}/",
    "api values": "/api/v1/values/?indicator={n}", "api values csv": "/api/v1/values/?indicator={n}&format=csv",
    "api summaries": "/api/v1/summaries/?is_default=true", "api outcomes": "/api/v1/outcomes/",
}


def client_address(number):
    """The address the proxy names for client `number` (X-Forwarded-For): each user is a client of its own."""
    return f"10.{number // 65536}.{number // 256 % 256}.{number % 256}"


def pick(paths, rng):
    """One address from `paths`, with a Place and an indicator number drawn for it."""
    name, path = rng.choice(list(paths.items()))
    return name, path.format(place=rng.choice(PLACES), n=rng.randint(1, 8))
