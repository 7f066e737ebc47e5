"""Read a feed from stdin with Python's feedparser and print the fields the tests compare, as JSON."""
import json
import sys

import feedparser

data = sys.stdin.buffer.read()
parsed = feedparser.parse(data)


def detail(d):
    return None if d is None else {"value": d.get("value"), "type": d.get("type"), "language": d.get("language")}


out = {
    "bozo": bool(parsed.bozo),
    "bozo_exception": str(parsed.get("bozo_exception", "")),
    "version": parsed.version,
    "feed": {
        "title": detail(parsed.feed.get("title_detail")),
        "link": parsed.feed.get("link"),
        "language": parsed.feed.get("language"),
    },
    "entries": [],
}
for e in parsed.entries:
    out["entries"].append({
        "id": e.get("id"),
        "link": e.get("link"),
        "title": detail(e.get("title_detail")),
        "summary": detail(e.get("summary_detail")),
        "content": [detail(c) for c in e.get("content", [])],
        "published": e.get("published"),
        "updated": e.get("updated"),
        "authors": [a.get("name") for a in e.get("authors", [])],
        "tags": [t.get("term") for t in e.get("tags", [])],
        "enclosures": [{"href": x.get("href"), "type": x.get("type"), "length": x.get("length")} for x in e.get("enclosures", [])],
        "comments": e.get("comments"),
        "wfw_commentrss": e.get("wfw_commentrss"),
        "slash_comments": e.get("slash_comments"),
        "links": [{"rel": l.get("rel"), "href": l.get("href"), "type": l.get("type"), "thr_count": l.get("thr:count")} for l in e.get("links", [])],
    })
json.dump(out, sys.stdout, ensure_ascii=False)
