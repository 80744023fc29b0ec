from . import res_company, sale_order, sports_sold_mixin
