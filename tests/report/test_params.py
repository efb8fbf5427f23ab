"""Parameter checking before any kernel starts: types, dates, files, YAML files, safe run folders."""

import pytest

from framing.cli import main
from framing.errors import InputError, ParameterError
from framing.report.params import load_params_file, parse_parameters_cell
from framing.report.run import plan_run


def test_every_problem_is_listed_at_once_and_nothing_is_written(reports):
    with pytest.raises(ParameterError) as err:
        plan_run("framing_report", {"date_from": "2022-02-30", "date_to": "24/02/2022", "n_boot": "lots",
                                    "colour": "red", "corpus": "no/such.csv"})
    problems = err.value.problems
    assert len(problems) == 5, problems
    text = str(err.value)
    assert "'date_from' = '2022-02-30': not a date" in text and "use YYYY-MM-DD" in text
    assert "'date_to' = '24/02/2022'" in text and "unknown parameter 'colour'" in text
    assert "'n_boot' = 'lots'" in text and "no/such.csv" in text
    assert not reports.exists()


def test_model_settings_and_an_empty_group_col_are_checked_before_a_kernel_starts(reports, mini_corpus):
    with pytest.raises(ParameterError) as err:
        plan_run("framing_report", {"corpus": str(mini_corpus), "model_family": "negbinom", "model_period": "fortnight",
                                    "group_col": ""})
    text = str(err.value)
    assert len(err.value.problems) == 3, err.value.problems
    assert "'model_family' = 'negbinom': must be one of 'poisson', 'negbin'; did you mean 'negbin'?" in text
    assert "'model_period' = 'fortnight': must be one of '' (none), 'month', 'year', 'week'" in text
    assert "parameter 'group_col' = '': name a column of corpus" in text
    assert not reports.exists()  # no run folder: nothing ran


def test_an_empty_date_range_is_a_problem(reports):
    with pytest.raises(ParameterError, match="the range is empty"):
        plan_run("framing_report", {"date_from": "2022-05-01", "date_to": "2022-04-01"})


def test_missing_file_parameter_is_reported(reports):
    with pytest.raises(ParameterError, match="'hedging_gold' = 'gone.csv': no such file"):
        plan_run("lexicon_validation", {"hedging_gold": "gone.csv"})


def test_file_parameters_are_hashed_as_inputs(reports):
    plan = plan_run("lexicon_validation", {"max_sentences": 10})
    hashed = {e["parameter"]: e["path"] for e in plan.inputs}
    assert hashed["concession_gold"] == "data/gold/concession_dev.csv"
    assert plan.kernel_values["hedging_gold"].startswith("/")  # the kernel runs elsewhere: absolute paths


def test_path_like_values_cannot_leave_the_reports_folder(reports, mini_corpus):
    plan = plan_run("framing_report", {"title": "../../../etc/passwd", "corpus": str(mini_corpus)})
    assert plan.run_dir.parent == reports.resolve()
    assert "/" not in plan.run_id and ".." not in plan.run_id
    assert plan.run_id.startswith("framing_report__corpus-mini_corpus_title-passwd__")


def test_typed_cell_with_custom_types():
    params = parse_parameters_cell("from framing.report.types import Date\n"
                                   "date_from: Date = ''  # first day\nk: list[str] = ['a']")
    assert [(p.name, p.type, p.default, p.help) for p in params] == [
        ("date_from", "Date", "", "first day"), ("k", "list", ["a"], "")]


def test_params_file_keeps_dates_as_text_and_reports_bad_yaml(tmp_path):
    good = tmp_path / "p.yaml"
    good.write_text("date_from: 2022-02-24\nn_boot: 200\nlexicons: [hedging]\n")
    assert load_params_file(good) == {"date_from": "2022-02-24", "n_boot": 200, "lexicons": ["hedging"]}
    bad = tmp_path / "bad.yaml"
    bad.write_text("n_boot: 200\nlexicons: [hedging\n")
    with pytest.raises(InputError) as err:
        load_params_file(bad)
    assert err.value.line is not None and "bad.yaml" in str(err.value)
    listed = tmp_path / "list.yaml"
    listed.write_text("- 1\n- 2\n")
    with pytest.raises(InputError, match="expected a mapping"):
        load_params_file(listed)


def test_cli_params_file_problems_exit_4_without_traceback(tmp_path, reports, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("date_from: 2022-13-01\nn_boot: 10\n")
    code = main(["report", "-f", str(params), "-p", "n_boot", "many"])
    err = capsys.readouterr().err
    assert code == 4 and "Traceback" not in err
    assert "2 parameter problem(s)" in err and "'n_boot' = 'many'" in err and "2022-13-01" in err


def test_cli_describe_lists_types_and_help(capsys):
    assert main(["report", "lexicon_validation", "--describe"]) == 0
    out = capsys.readouterr().out
    assert "hedging_gold" in out and "File" in out and "sentences coded for uncertainty cues" in out
    assert "run_dir" not in out


def test_params_does_not_import_run():
    """params is below run in the module map (run uses params, never the other way): no import cycle."""
    import ast
    import inspect

    from framing.report import params

    tree = ast.parse(inspect.getsource(params))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m and m.split(".")[-1] in {"run", "batch", "verify"}}
