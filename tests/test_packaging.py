"""The wheel carries the catalogue and works from any directory in a fresh virtual environment."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_grades_from_an_unrelated_directory(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(dist), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = dist.glob("kata-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("kata_cli/cli.py", "kata_cli/_data/graders/conftest.py",
                     "kata_cli/_data/katas/kmeans/kata.toml", "kata_cli/_data/solutions/kmeans.py",
                     "kata_cli/_data/graders/kmeans/test_kmeans.py", "kata_cli/templates/design.md.j2",
                     "kata_cli/_data/graders/design-ads-ranking/rubric.toml",
                     "kata_cli/_data/solutions/design-ads-ranking.md",
                     "kata_cli/templates/report.html.j2", "kata_cli/templates/report.txt.j2"):
        assert expected in names, expected
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)

    # A fresh venv. Its dependencies (numpy, pytest, click, jinja2) come from this
    # interpreter's site-packages through a .pth file (a path listed there is not scanned for
    # .pth files, so an editable install of kata here stays invisible); kata itself comes only
    # from the wheel.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python, kata = venv / "bin" / "python", venv / "bin" / "kata"
    venv_site = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                               capture_output=True, text=True, check=True).stdout.strip()
    (Path(venv_site) / "_outer_env.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KATA_", "PYTHONPATH"))}
    env.update(KATA_HOME=str(tmp_path / "home"), KATA_WORKSPACE=str(tmp_path / "ws"))

    def run(*args):
        return subprocess.run([str(kata), *args], cwd=elsewhere, env=env, capture_output=True,
                              text=True, timeout=300)

    located = subprocess.run([str(python), "-c", "import kata_cli; print(kata_cli.__file__)"],
                             cwd=elsewhere, env=env, capture_output=True, text=True).stdout
    assert located.startswith(str(venv)), located

    started = run("start", "kmeans")
    assert started.returncode == 0, started.stderr
    assert (tmp_path / "ws" / "kmeans" / "kmeans.py").exists()
    stub = run("grade", "kmeans", "--json")
    assert stub.returncode == 1, stub.stderr
    assert json.loads(stub.stdout)["status"] == "failed"

    shutil.copy(ROOT / "solutions" / "kmeans.py", tmp_path / "ws" / "kmeans" / "kmeans.py")
    solved = run("grade", "kmeans", "--json")
    assert solved.returncode == 0, solved.stdout[-2000:] + solved.stderr
    assert json.loads(solved.stdout)["passed"] is True
    # a system-design kata: the template ships in the package, the rubric in the data
    design = run("start", "design-ads-ranking")
    assert design.returncode == 0, design.stderr
    template = (tmp_path / "ws" / "design-ads-ranking" / "design.md").read_text()
    assert "## 9. Scaling, monitoring and updates" in template
    empty = run("grade", "design-ads-ranking", "--json")
    assert empty.returncode == 1 and json.loads(empty.stdout)["score"] == 0
    shutil.copy(ROOT / "solutions" / "design-ads-ranking.md", tmp_path / "ws" / "design-ads-ranking" / "design.md")
    model = run("grade", "design-ads-ranking", "--json")
    assert model.returncode == 0 and json.loads(model.stdout)["score"] >= 90, model.stdout[-2000:]

    assert "Usage: kata" in run("--help").stdout
    python_m = subprocess.run([str(python), "-m", "kata_cli", "list"], cwd=elsewhere, env=env,
                              capture_output=True, text=True)
    assert python_m.returncode == 0 and "kmeans" in python_m.stdout

    # the report templates load from the installed package
    mocked = run("mock", "start", "--kata", "kmeans", "--minutes", "1")
    assert mocked.returncode == 0, mocked.stderr
    assert "Mock session 1" in run("mock", "report").stdout
    page = tmp_path / "report.html"
    assert run("mock", "report", "--html", str(page)).returncode == 0
    assert 'class="kata-row"' in page.read_text()
