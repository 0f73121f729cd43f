"""kata.toml validation: every malformed catalogue is an error naming its file."""

from __future__ import annotations

import pytest

from kata_cli.catalog import all_katas, data_root, get_kata, load_kata
from kata_cli.errors import CatalogError, UnknownKata
from tests.conftest import make_toy_catalog


@pytest.fixture
def catalog(tmp_path):
    return make_toy_catalog(tmp_path / "cat")


def toml_of(catalog):
    return catalog / "katas" / "toy" / "kata.toml"


def test_the_shipped_catalogue_loads():
    katas = all_katas(data_root())
    assert {"kmeans", "knn", "tfidf"} <= {k.slug for k in katas}
    for kata in katas:
        assert kata.kind in ("coding", "design") and kata.minutes > 0 and kata.hints


def test_toy_loads_as_a_frozen_dataclass(catalog):
    kata = load_kata(toml_of(catalog), catalog)
    assert kata.slug == "toy" and kata.entrypoints == ("row_norms",) and kata.minutes == 5.0
    with pytest.raises(AttributeError):
        kata.slug = "other"  # type: ignore[misc]


@pytest.mark.parametrize("edit, message", [
    (lambda t: t + 'colour = "blue"\n', "unknown key(s): colour"),
    (lambda t: t.replace("format_version = 1", "format_version = 2"), "format_version 2 is not supported"),
    (lambda t: t.replace('title = "Toy: vector norms"\n', ""), "missing key: title"),
    (lambda t: t.replace('kind = "coding"', 'kind = "quiz"'), "kind must be one of"),
    (lambda t: t.replace('difficulty = "easy"', 'difficulty = "trivial"'), "difficulty must be one of"),
    (lambda t: t.replace("minutes = 5", 'minutes = "five"'), "minutes must be a number"),
    (lambda t: t.replace('slug = "toy"', 'slug = "other"'), "does not match its folder"),
    (lambda t: t.replace('module = "toy.py"', 'module = "missing.py"'), "katas/toy/missing.py, which is missing"),
    (lambda t: t.replace('extra_files = []', 'extra_files = ["grid.py"]'), "katas/toy/grid.py, which is missing"),
    (lambda t: t + "[broken\n", "invalid TOML"),
])
def test_malformed_kata_toml_names_the_file(catalog, edit, message):
    path = toml_of(catalog)
    path.write_text(edit(path.read_text()))
    with pytest.raises(CatalogError) as excinfo:
        load_kata(path, catalog)
    assert str(path) in str(excinfo.value) and message in str(excinfo.value)


def test_missing_solution_or_grader_is_an_error(catalog):
    (catalog / "solutions" / "toy.py").unlink()
    with pytest.raises(CatalogError, match="solutions/toy.py, which is missing"):
        load_kata(toml_of(catalog), catalog)


def test_unknown_slug_suggests_close_ones():
    with pytest.raises(UnknownKata) as excinfo:
        get_kata("kmean")
    assert "Did you mean: kmeans" in str(excinfo.value)
    with pytest.raises(UnknownKata, match="kata list"):
        get_kata("zzzzzz")


def test_a_broken_catalogue_is_a_clean_cli_error(toy):
    path = toml_of(toy.data)
    path.write_text(path.read_text() + "oops = 1\n")
    result = toy.subprocess("list")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "unknown key(s): oops" in result.stderr
