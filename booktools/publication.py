"""Where the book is published: repository, Pages URL, notebooks branch and source commit.

At deploy time these come from the GitHub context, set as environment variables by the
workflow (.github/workflows/book.yml), so a fork publishes with no edit to any file:

    BOOK_REPOSITORY        owner/name            (from `github.repository`)
    BOOK_SITE_URL          https://owner.github.io/name/   (the Pages URL)
    BOOK_NOTEBOOKS_BRANCH  branch the notebooks are pushed to (default: `notebooks:` in _config.yml)
    BOOK_COMMIT            commit the site is built from (default: `git rev-parse HEAD`)
    BOOK_DEPLOY=1          this build is published: the variables above are required

A local build falls back to the defaults in `_config.yml` (`repository.url`, `site.url`).
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import asdict, dataclass

from . import paths

OWNER_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class PublicationError(Exception):
    """A missing or malformed publication setting; the message names the variable or key."""


@dataclass(frozen=True)
class Publication:
    repository: str        # https://github.com/owner/name
    site_url: str          # absolute, ends with "/": the folder holding en/ and ko/
    notebooks_branch: str
    commit: str            # full hash, or a branch name when the checkout has no commit
    deploy: bool

    @property
    def owner_repo(self) -> tuple[str, str]:
        owner, name = self.repository.rstrip("/").split("github.com/")[-1].split("/")[:2]
        return owner, name

    def as_dict(self) -> dict:
        return asdict(self)


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True,
                             check=False, timeout=10)
    except OSError:
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def resolve(shared: dict, env=None) -> Publication:
    """The publication settings of this build from `env` (default os.environ) and `_config.yml`."""
    env = os.environ if env is None else env
    deploy = env.get("BOOK_DEPLOY", "") not in ("", "0")
    repo_default = (shared.get("repository") or {}).get("url", "")
    site_default = (shared.get("site") or {}).get("url", "")
    branch_default = (shared.get("notebooks") or {}).get("branch", "notebooks")

    owner_repo = env.get("BOOK_REPOSITORY", "").strip()
    if owner_repo:
        if not OWNER_REPO.match(owner_repo):
            raise PublicationError(f"BOOK_REPOSITORY={owner_repo!r} is not owner/name (set it from github.repository)")
        repository = f"https://github.com/{owner_repo}"
    elif deploy:
        raise PublicationError("BOOK_DEPLOY is set but BOOK_REPOSITORY is not; the workflow sets it from "
                               "github.repository")
    else:
        repository = repo_default.rstrip("/")
    site_url = env.get("BOOK_SITE_URL", "").strip()
    if not site_url and deploy:
        raise PublicationError("BOOK_DEPLOY is set but BOOK_SITE_URL is not; the workflow sets it from the "
                               "Pages URL (actions/configure-pages `base_url`)")
    site_url = site_url or site_default
    if not site_url.startswith(("https://", "http://")):
        raise PublicationError(f"site URL {site_url!r} is not absolute; set `site: url:` in {paths.CONFIG.name} "
                               "or BOOK_SITE_URL")
    if "github.com/" not in repository:
        raise PublicationError(f"repository URL {repository!r} is not on GitHub; set `repository: url:` in "
                               f"{paths.CONFIG.name} or BOOK_REPOSITORY=owner/name")
    commit = env.get("BOOK_COMMIT", "").strip() or _git_commit() or (shared.get("repository") or {}).get(
        "branch", "main")
    return Publication(repository=repository, site_url=site_url.rstrip("/") + "/",
                       notebooks_branch=env.get("BOOK_NOTEBOOKS_BRANCH", "").strip() or branch_default,
                       commit=commit, deploy=deploy)
