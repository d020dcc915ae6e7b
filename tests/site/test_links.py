"""Link checker: every internal link and anchor of both languages, fetched over HTTP from the
site served on localhost (language switcher, glossary, lab and download links included)."""
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse
from urllib.request import urlopen


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "script", "img", "source", "iframe"):
                self.links.append(attrs[key])


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_no_broken_internal_links_or_anchors(server):
    origin = server.origin
    start = [server.url(""), server.url("en/index.html"), server.url("ko/index.html")]
    queue, seen, pages, broken = list(start), set(start), {}, []
    while queue:
        url = queue.pop()
        try:
            with urlopen(url, timeout=10) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except Exception as exc:  # noqa: BLE001 - report every failure
            broken.append(f"{url}: {exc}")
            continue
        if kind != "text/html":
            continue
        parsed = parse(body.decode("utf-8", errors="replace"))
        pages[url] = parsed
        for link in parsed.links:
            if link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = urljoin(url, link)
            if not target.startswith(origin):
                continue
            page_url, _ = urldefrag(target)
            if page_url not in seen and not urlparse(page_url).path.endswith("/_sources/"):
                seen.add(page_url)
                queue.append(page_url)
    for url, parsed in pages.items():
        for link in parsed.links:
            target = urljoin(url, link)
            page_url, fragment = urldefrag(target)
            if fragment and target.startswith(origin) and page_url in pages and fragment not in pages[page_url].ids:
                broken.append(f"{url}: anchor #{fragment} missing in {page_url}")
    assert len(pages) > 40
    assert broken == [], "\n".join(broken[:50])
