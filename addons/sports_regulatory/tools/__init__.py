from . import subsidy_xlsx
