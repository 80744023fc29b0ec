from . import sports_stall_dashboard, sports_stall_sales_report
