"""Report runs: typed notebook parameters, papermill execution into run folders, provenance,
batches (process pool or Dask), figure index and verification.

>>> from framing.report import describe_parameters
>>> [p.name for p in describe_parameters("framing_report")][:2]
['corpus', 'lexicons']
"""

from .batch import load_batch, run_batch
from .figures import save_figure, save_table
from .html import paragraph
from .params import Parameter, describe_parameters, notebook_path, validate_parameters
from .run import RunResult, plan_run, run_report
from .verify import verify_run

__all__ = ["Parameter", "RunResult", "describe_parameters", "load_batch", "notebook_path", "paragraph", "plan_run",
           "run_batch", "run_report", "save_figure", "save_table", "validate_parameters", "verify_run"]
