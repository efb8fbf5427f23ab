"""`framing score` pays for no module it does not use: framing.report and the voice attribution
modules are imported when one of their names is first asked for (and then are the same objects)."""

import subprocess
import sys
import textwrap


def test_the_parser_imports_neither_reports_nor_voice_attribution():
    code = textwrap.dedent("""
        import sys
        import framing.cli
        framing.cli.build_parser()
        print(sorted(m for m in sys.modules if m.startswith(("framing.report", "framing.voices."))))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['framing.voices.cli']"


def test_the_lazy_names_are_the_modules_own():
    import framing
    import framing.report
    import framing.voices
    import framing.voices.attribution
    import framing.voices.cues
    import framing.voices.speakers

    assert framing.run_report is framing.report.run_report and framing.save_figure is framing.report.save_figure
    homes = (framing.voices.attribution, framing.voices.cues, framing.voices.speakers)
    for name in framing.voices.__all__:
        assert any(getattr(framing.voices, name) is getattr(home, name, None) for home in homes)
    namespace: dict = {}
    exec("from framing.voices import *", namespace)
    assert set(framing.voices.__all__) <= set(namespace)


def test_an_unknown_name_is_an_attribute_error():
    import pytest

    import framing.voices

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        framing.voices.nope  # noqa: B018
