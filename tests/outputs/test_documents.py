"""The one enumeration of documents (generator/outputs/documents.py): every page and PDF has
its own path, links between documents are relative and resolve, and each document says which
province and guide it shows (what the live preview relies on)."""

import posixpath

from helpers import site_of

from generator.outputs.documents import Doc, Kind, documents, plan_data_documents, printed_documents


def test_every_document_has_its_own_page_and_every_printed_one_its_own_pdf(project):
    site = site_of(project)
    docs = documents(site)
    assert len({d.path for d in docs}) == len(docs)
    printed = printed_documents(site)
    assert set(printed) <= set(docs)
    assert len({d.pdf_path for d in printed}) == len(printed)
    assert all(d.pdf_path == "pdf/" + d.path.removesuffix(".md") + ".pdf" for d in printed)
    data = plan_data_documents(site)
    assert {d.kind for d in docs + data} == set(Kind)
    assert len({d.path for d in docs + data}) == len(docs) + len(data)
    assert [d.path for d in data] == ["plan/data/common.js", "plan/data/hunan.js", "plan/data/guangdong.js"]
    # the plan's data beside its page, in the site (/plan/) as in the offline bundle (plan/index.html)
    assert Doc.plan().path == "plan/index.md" and Doc.plan().url == "plan/"


def test_links_between_documents_are_relative_and_resolve():
    here = Doc.guide_in("alpha", "hunan")
    for target in (Doc.home(), Doc.law("x"), Doc.province_page("hunan"), Doc.guide("alpha")):
        link = here.href_to(target)
        assert not link.startswith("/")
        assert posixpath.normpath(posixpath.join(posixpath.dirname(here.path), link)) == target.path
    assert here.href_to(here, "pdf") == "../../pdf/guides/alpha/hunan.pdf"


def test_documents_say_what_they_show():
    assert (Doc.guide_in("a", "p").shows_province, Doc.guide_in("a", "p").shows_guide) == ("p", "a")
    assert (Doc.journey_in("j", "p").shows_province, Doc.journey_in("j", "p").shows_guide) == ("p", None)
    assert (Doc.law("l").shows_province, Doc.law("l").shows_guide) == (None, None)
