"""`pip install .` gives a working app: the wheel carries everything Django looks for."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_ships_templates_static_translations_and_migrations(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("newsplugin-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [
        "newsplugin/templates/newsplugin/article_page.html",
        "newsplugin/templates/newsplugin/includes/more_from_author.html",
        "newsplugin/static/newsplugin/newsplugin.css",
        "newsplugin/locale/id/LC_MESSAGES/django.mo",
        "newsplugin/locale/en/LC_MESSAGES/django.mo",
        "newsplugin/migrations/0001_initial.py",
    ]:
        assert expected in names
    assert not [n for n in names if n.startswith(("tests/", "example_site/", "home/"))]
