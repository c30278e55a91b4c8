"""The offline bundles (generator/outputs/bundles.py): what each holds, and links that work from
file:// — inside the bundle, or to the page online. The built zips are checked link by link in
tests/outputs/test_links.py, and browsed in Chromium in tests/browser/test_offline.py."""

import zipfile

from helpers import site_of

from generator.config import LANGUAGES, OFFLINE_BUNDLE, PROVINCE_BUNDLE
from generator.outputs.bundles import OfflineSite, offline_bundles, relink
from generator.outputs.documents import Doc, documents

ONLINE = "https://example.org/en/"


def test_a_province_bundle_holds_its_pages_and_pdfs_and_the_national_pages(project):
    docs = documents(site_of(project))
    language, hunan, guangdong = offline_bundles("en", docs, ["hunan", "guangdong"], pdfs=True)
    assert language.province is None and language.docs == frozenset(docs)
    # one book per province, not the PDF of every guide in every province
    assert language.pdfs == {"pdf/provinces/hunan.pdf", "pdf/provinces/guangdong.pdf"}
    assert hunan.archive == PROVINCE_BUNDLE.format(language="en", province="hunan")
    assert {
        Doc.guide_in("alpha", "hunan"),
        Doc.province_page("hunan"),
        Doc.guide("alpha"),
        Doc.law("test-law"),
    } <= hunan.docs
    assert Doc.guide_in("alpha", "guangdong") not in hunan.docs and Doc.province_page("guangdong") not in hunan.docs
    assert "pdf/guides/alpha/hunan.pdf" in hunan.pdfs and "pdf/provinces/hunan.pdf" in hunan.pdfs
    assert not any("guangdong" in pdf for pdf in hunan.pdfs)
    # the plan, which needs every province's data, is in the language's bundle only
    assert Doc.plan() in language.docs and Doc.plan() not in hunan.docs
    assert {hunan.folder, guangdong.folder, language.folder} == {
        "guidesite-en-hunan-offline",
        "guidesite-en-guangdong-offline",
        "guidesite-en-offline",
    }
    assert offline_bundles("en", docs, ["hunan"], pdfs=False)[1].pdfs == frozenset()


def test_links_lead_inside_the_bundle_or_to_the_page_online(project, tmp_path):
    docs = tuple(documents(site_of(project)))
    site = OfflineSite(tmp_path, "en", ONLINE, docs)
    here = "guides/alpha/index.html"
    held = {here, "guides/alpha/hunan.html", "index.html", "assets/x.css"}
    known = held | {"guides/alpha/guangdong.html", "pdf/guides/alpha/guangdong.pdf"}
    html = (
        '<a href="hunan.html#steps">a</a> <a href="guangdong.html#materials">b</a>'
        ' <a href="../../pdf/guides/alpha/guangdong.pdf">c</a> <link href="../../assets/x.css">'
        ' <a href="https://www.gov.cn/x">d</a> <a href="#steps">e</a> <a href="../../nowhere.html">f</a>'
    )
    out = relink(html, here, held, site, known)
    assert '<a href="hunan.html#steps">' in out
    assert f'<a href="{ONLINE}guides/alpha/guangdong/#materials">' in out
    assert f'<a href="{ONLINE}pdf/guides/alpha/guangdong.pdf">' in out
    assert '<link href="../../assets/x.css">' in out and '<a href="https://www.gov.cn/x">' in out
    assert '<a href="#steps">' in out and '<a href="../../nowhere.html">' in out  # left for the tests to find
    # the 404 page's links start from the root (it is served at any depth): made relative
    page = '<a href="/">home</a> <a href="/guides/">guides</a> <form action="/"></form> <script src="/assets/x.css">'
    out = relink(page, "404.html", held | {"guides/index.html"}, site, known | {"guides/index.html"})
    assert (
        out
        == '<a href="index.html">home</a> <a href="guides/index.html">guides</a> <form action="index.html"></form> <script src="assets/x.css">'
    )
    # without a site address, a missing page's link is left (the site's build always has one)
    assert "guangdong.html" in relink(html, here, held, OfflineSite(tmp_path, "en", "", docs), known)


def test_bundles_leave_out_what_no_reader_needs(built_once):
    for language in LANGUAGES:
        with zipfile.ZipFile(built_once / language.prefix / OFFLINE_BUNDLE.format(language=language.code)) as archive:
            names = archive.namelist()
        assert not [n for n in names if n.endswith((".map", "search_index.json", "sitemap.xml", "sitemap.xml.gz"))]
        assert not [
            n
            for n in names
            if "/lunr/" in n and not n.endswith(("support.min.js", "multi.min.js", f"lunr.{language.search}.min.js"))
        ]
        assert [n for n in names if n.endswith("search/search_index.js")]
