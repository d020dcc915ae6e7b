"""Publication settings from the deploy context, the book's own config keys, and launch URLs."""
import pytest

from booktools.config import ConfigError, check_book_keys, load_shared_config
from booktools.ext.notebooks import labs_requirement, launch_urls, notebook_relpath
from booktools.publication import PublicationError, resolve

SHARED = load_shared_config()
LAUNCH = SHARED["launch_buttons"]
FORK = {"BOOK_DEPLOY": "1", "BOOK_REPOSITORY": "someone/dl-book", "BOOK_SITE_URL": "https://someone.github.io/dl-book",
        "BOOK_COMMIT": "0123456789abcdef0123456789abcdef01234567"}


def test_fork_deploy_takes_everything_from_the_context():
    pub = resolve(SHARED, FORK)
    assert pub.repository == "https://github.com/someone/dl-book"
    assert pub.site_url == "https://someone.github.io/dl-book/"
    assert pub.notebooks_branch == SHARED["notebooks"]["branch"] and pub.deploy
    assert labs_requirement(pub.as_dict()) == (
        "dl-course-book @ git+https://github.com/someone/dl-book.git@0123456789abcdef0123456789abcdef01234567")


def test_korean_knn_lab_urls_for_a_fork():
    pub = resolve(SHARED, FORK).as_dict()
    rel = notebook_relpath("ko", "labs/knn")
    assert rel == "notebooks/ko/labs/knn.ipynb"
    assert launch_urls(pub, LAUNCH, rel) == {
        "colab": "https://colab.research.google.com/github/someone/dl-book/blob/notebooks/notebooks/ko/labs/knn.ipynb",
        "binder": "https://mybinder.org/v2/gh/someone/dl-book/notebooks?urlpath=lab/tree/notebooks/ko/labs/knn.ipynb",
    }
    assert notebook_relpath("ko", "labs/knn", "student") == "notebooks/ko/labs/knn-student.ipynb"


def test_local_build_uses_the_config_defaults():
    pub = resolve(SHARED, {"BOOK_COMMIT": "abc"})
    assert pub.repository == SHARED["repository"]["url"].rstrip("/") and not pub.deploy
    assert pub.site_url == SHARED["site"]["url"]


@pytest.mark.parametrize("missing, message", [("BOOK_REPOSITORY", "BOOK_REPOSITORY is not"),
                                              ("BOOK_SITE_URL", "BOOK_SITE_URL is not")])
def test_deploy_without_the_context_is_an_error_naming_the_variable(missing, message):
    env = {k: v for k, v in FORK.items() if k != missing}
    with pytest.raises(PublicationError, match=message):
        resolve(SHARED, env)


def test_malformed_repository_is_rejected():
    with pytest.raises(PublicationError, match="not owner/name"):
        resolve(SHARED, {**FORK, "BOOK_REPOSITORY": "https://github.com/someone/dl-book"})


@pytest.mark.parametrize("change, key", [
    ({"notebooks": {"brnach": "nb"}}, "`notebooks.brnach`"),
    ({"notebooks": "notebooks"}, "`notebooks:` must be a mapping"),
    ({"site": {"url": ""}}, "`site.url` must be a non-empty string"),
    ({"languages": {"fr": {"name": "Français", "title": "x"}}}, "`languages.fr` is not a language"),
    ({"languages": {**SHARED["languages"], "ko": {"name": "한국어", "titel": "x"}}}, "`languages.ko.titel`"),
    ({"languages": {**SHARED["languages"], "ko": {"name": "한국어"}}}, "`languages.ko` lacks `title:`"),
])
def test_book_config_keys_are_validated_naming_the_key(change, key):
    with pytest.raises(ConfigError, match=r"_config.yml:(\d+:)? .*" + key.replace("(", r"\(").replace(".", r"\.")):
        check_book_keys({**SHARED, **change})
    check_book_keys(SHARED)
