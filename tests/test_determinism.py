"""The same input and clock always give the same bytes, wherever the site and its output live."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from conftest import copy_site
from sitetools import LONDON, build, tree

NOW = "2026-03-01T09:00"


def assert_same(first: Path, second: Path) -> None:
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b), "the two builds wrote different files"
    differing = [rel for rel in a if a[rel] != b[rel]]
    assert differing == [], f"files differ: {differing}"


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    return copy_site("board", tmp_path_factory.mktemp("determinism"))


def test_same_clock_gives_identical_trees(board, tmp_path):
    build(board, "--now", NOW, "--output", tmp_path / "one")
    build(board, "--now", NOW, "--output", tmp_path / "two")
    assert len(tree(tmp_path / "one")) > 20
    assert_same(tmp_path / "one", tmp_path / "two")


def test_source_date_epoch_gives_identical_trees(board, tmp_path):
    epoch = str(int(datetime.fromisoformat(NOW).replace(tzinfo=LONDON).timestamp()))
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    build(board, "--output", tmp_path / "one", env=env)
    build(board, "--output", tmp_path / "two", env=env)
    assert_same(tmp_path / "one", tmp_path / "two")
    # SOURCE_DATE_EPOCH is the same clock as the --now it was made from.
    build(board, "--now", NOW, "--output", tmp_path / "now")
    assert_same(tmp_path / "one", tmp_path / "now")


def test_copies_in_different_folders_give_identical_trees(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "elsewhere" / "b").mkdir(parents=True)
    first = copy_site("board", tmp_path / "a")
    second = copy_site("board", tmp_path / "elsewhere" / "b")
    build(first, "--now", NOW)
    build(second, "--now", NOW)
    assert_same(first / "output", second / "output")


def test_a_clock_that_closes_an_advert_changes_the_tree(board, tmp_path):
    build(board, "--now", NOW, "--output", tmp_path / "before")
    # A week later, the advert closing on 3 March has closed.
    build(board, "--now", "2026-03-08T09:00", "--output", tmp_path / "after")
    before, after = tree(tmp_path / "before"), tree(tmp_path / "after")
    assert before != after
    assert before["index.html"] != after["index.html"]
    assert before["closed/index.html"] != after["closed/index.html"]
