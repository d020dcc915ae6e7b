"""A tiny two-language book in a temporary folder, built with the project's real tooling.

Tests that need to break things (a failing cell, an unknown term, a missing translation)
work on such a copy instead of the real book.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Set by tests/conftest.py to the id of the running test when it is not marked `build`.
NO_BUILD_VAR = "BOOK_TEST_WITHOUT_BUILD_MARKER"

FRONT = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---
    """)

GLOSSARY = textwrap.dedent("""\
    terms:
      - id: gradient-descent
        en: gradient descent
        ko: 경사 하강법
        discouraged: {그래디언트 디센트: 음차보다 번역어가 정착했다}
        definition: {en: Repeated steps against the gradient., ko: 기울기 반대 방향으로 반복해 움직이는 방법이다.}
        related: [learning-rate]
      - id: learning-rate
        en: learning rate
        ko: 학습률
        definition: {en: "The step size <b>of</b> gradient descent.", ko: "경사 하강법의 보폭 <b>이다</b>."}
      - id: relu
        en: ReLU
        ko: 정류 선형 유닛
        keep_english: true
        definition: {en: "The function max(0, x).", ko: "max(0, x) 함수이다."}
      - id: cifar-10
        en: CIFAR-10
        keep_english: true
        discouraged: {사이파-10: 아무도 쓰지 않는 조어 표제어이다}
        definition: {en: A data set of small images., ko: 작은 이미지의 데이터셋이다.}
      - id: gradient
        en: gradient
        ko: 그래디언트
        not_in_this_book: {그레이디언트: 이 책은 '그래디언트'로 통일한다}
        definition: {en: The vector of partial derivatives., ko: 편미분의 벡터이다.}
      - id: training
        en: training
        ko: 훈련
        context_rules: {'학습시[키켜킨킬]': train은 '훈련'으로 쓴다}
        definition: {en: Fitting the parameters., ko: 파라미터를 맞추는 일이다.}
    """)

PAGES = {
    "en/index.md": "# Mini book\n\nA test book.\n\n```{tableofcontents}\n```\n",
    "ko/index.md": "# 작은 책\n\n시험용 책이다.\n\n```{tableofcontents}\n```\n",
    "en/notes/intro.md": FRONT + textwrap.dedent("""\
        # Intro

        We use {term}`gradient-descent` with a {term}`learning-rate`; again {term}`gradient-descent`
        and {term}`relu`.

        $$
        w \\leftarrow w - \\eta \\nabla L
        $$

        ```{code-cell} ipython3
        print(1 + 1)
        ```

        ## Choosing the step

        A smaller step.

        ### Notes

        ## Notes
        """),
    "ko/notes/intro.md": FRONT + textwrap.dedent("""\
        # 소개

        {term}`learning-rate`을 정해 {term}`gradient-descent`을 쓴다. 다시 {term}`gradient-descent`과
        {term}`relu`를 쓴다.

        $$
        w \\leftarrow w - \\eta \\nabla L
        $$

        ```{code-cell} ipython3
        print(1 + 1)
        ```

        ## 스텝 고르기

        더 작은 스텝.

        ### 메모

        ## 메모
        """),
    "en/notes/second.md": "# Second\n\nMore text about {term}`learning-rate` and {term}`descent steps <gradient-descent>`.\n",
    "ko/notes/second.md": "# 두 번째\n\n{term}`learning-rate`과 {term}`내려가는 걸음 <gradient-descent>`에 관한 글이다.\n",
    "en/glossary.md": "# Glossary\n\n```{glossary-index}\n```\n",
    "ko/glossary.md": "# 용어집\n\n```{glossary-index}\n```\n",
    "en/translation-status.md": "# Translation status\n\n```{translation-status}\n```\n",
    "ko/translation-status.md": "# 번역 현황\n\n```{translation-status}\n```\n",
}

TOC = textwrap.dedent("""\
    format: jb-book
    root: index
    chapters:
      - file: notes/intro
      - file: notes/second
      - file: glossary
      - file: translation-status
    """)


class MiniBook:
    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, text: str) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def run(self, *args: str, timeout: int = 600, env=None) -> subprocess.CompletedProcess:
        env = dict(os.environ, PYTHONPATH=str(self.root), **(env or {}))
        env.pop(NO_BUILD_VAR, None)
        env.pop("BOOK_BUILD_DIR", None)
        env.pop("BOOK_DRAFT", None)
        return subprocess.run([sys.executable, *args], cwd=self.root, env=env, capture_output=True,
                              text=True, timeout=timeout, check=False)

    def build(self, *args: str, env=None) -> subprocess.CompletedProcess:
        test = os.environ.get(NO_BUILD_VAR)
        if test:
            raise RuntimeError(f"{test} builds the mini-book but is not marked: add @pytest.mark.build (or use a "
                               "building fixture, tests/conftest.py) so that `pytest -m 'not build'` stays fast")
        return self.run("-m", "booktools.build", *args, env=env)

    def html(self, lang: str, page: str) -> str:
        return (self.root / "_build" / "site" / lang / f"{page}.html").read_text(encoding="utf-8")

    def mark_all(self) -> None:
        """Mark every Korean page up to date, whatever changed (`mark --all --force`)."""
        result = self.run("-m", "booktools.translation", "mark", "--all", "--force")
        assert result.returncode == 0, result.stderr

    def git(self, *args: str) -> str:
        env = dict(os.environ, GIT_AUTHOR_NAME="Mini Book", GIT_AUTHOR_EMAIL="mini@example.org",
                   GIT_COMMITTER_NAME="Mini Book", GIT_COMMITTER_EMAIL="mini@example.org")
        return subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True,
                              check=True).stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)


def make_minibook(tmp: Path) -> MiniBook:
    shutil.copytree(ROOT / "booktools", tmp / "booktools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "_config.yml", tmp / "_config.yml")
    (tmp / "node_modules").symlink_to(ROOT / "node_modules")
    book = MiniBook(tmp)
    book.write(".gitignore", "_build/\nnode_modules\n__pycache__/\n")
    book.write("glossary.yml", GLOSSARY)
    for rel, text in PAGES.items():
        book.write(f"book/{rel}", text)
    for lang in ("en", "ko"):
        book.write(f"book/{lang}/_toc.yml", TOC)
    subprocess.run(["git", "init", "-q"], cwd=tmp, check=True)
    return book
