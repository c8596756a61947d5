"""The whole site builds with -n -W --keep-going and prints no warning."""


def test_strict_build_passes_with_zero_warnings(site_build):
    assert site_build.returncode == 0, site_build.output
    assert "WARNING" not in site_build.output, site_build.output


def test_build_writes_the_machine_readable_exports(site):
    for name in ("glossary.json", "matrix.json", "matrix.csv", "_static/vendor/mermaid/mermaid.min.js"):
        assert (site / name).is_file(), name
