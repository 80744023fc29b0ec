from . import sale_order, sports_sold_mixin
