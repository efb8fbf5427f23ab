"""Report runs: typed notebook parameters, papermill execution into run folders, provenance.

>>> from framing.report import describe_parameters
>>> [p.name for p in describe_parameters("framing_report")][:2]
['corpus', 'lexicons']
"""

from .figures import save_figure, save_table
from .params import Parameter, describe_parameters, validate_parameters
from .run import RunResult, notebook_path, run_report

__all__ = ["Parameter", "RunResult", "describe_parameters", "notebook_path", "run_report",
           "save_figure", "save_table", "validate_parameters"]
