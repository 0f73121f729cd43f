"""``kata start``: files appear, nothing a candidate wrote is ever overwritten."""

from __future__ import annotations

from kata_cli.store import Store


def test_start_creates_the_workspace(toy):
    result = toy.run("start", "toy")
    assert result.exit_code == 0, result.output
    folder = toy.workspace / "toy"
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "test_examples.py", "toy.py"]
    assert str(folder) in result.output
    readme = (folder / "README.md").read_text()
    assert "# Toy: vector norms" in readme and "(5 minutes)" in readme  # rendered, not raw jinja
    with Store(toy.home / "kata.db") as store:
        assert store.current_attempt("toy").path == str(folder)


def test_second_start_resumes_and_never_overwrites(toy):
    toy.run("start", "toy")
    folder = toy.workspace / "toy"
    (folder / "toy.py").write_text("# my work\n")
    (folder / "test_examples.py").unlink()
    result = toy.run("start", "toy")
    assert result.exit_code == 0
    assert "Resumed your attempt" in result.output and "test_examples.py" in result.output
    assert (folder / "toy.py").read_text() == "# my work\n"
    assert (folder / "test_examples.py").exists()  # a missing file is restored
    with Store(toy.home / "kata.db") as store:
        assert len(store.attempts("toy")) == 1


def test_fresh_archives_the_old_attempt_first(toy):
    toy.run("start", "toy")
    folder = toy.workspace / "toy"
    (folder / "toy.py").write_text("# attempt one\n")
    (folder / "notes.txt").write_text("my notes\n")
    result = toy.run("start", "toy", "--fresh")
    assert result.exit_code == 0, result.output
    (archive,) = list((folder / ".attempts").iterdir())
    assert (archive / "toy.py").read_text() == "# attempt one\n"
    assert (archive / "notes.txt").read_text() == "my notes\n"
    assert "NotImplementedError" in (folder / "toy.py").read_text()
    assert not (folder / "notes.txt").exists()
    # a second --fresh keeps both archives
    (folder / "toy.py").write_text("# attempt two\n")
    toy.run("start", "toy", "--fresh")
    texts = sorted((a / "toy.py").read_text() for a in (folder / ".attempts").iterdir())
    assert texts == ["# attempt one\n", "# attempt two\n"]
    with Store(toy.home / "kata.db") as store:
        attempts = store.attempts("toy")
    assert len(attempts) == 3 and [a.archived_at is None for a in attempts] == [False, False, True]


def test_start_into_a_folder_with_files_keeps_them(toy):
    folder = toy.workspace / "toy"
    folder.mkdir(parents=True)
    (folder / "toy.py").write_text("# written before start\n")
    assert toy.run("start", "toy").exit_code == 0
    assert (folder / "toy.py").read_text() == "# written before start\n"
