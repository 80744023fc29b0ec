from . import barcode_rule
from . import res_company_topup
from . import product_template
from . import sports_card
from . import pos_order_line
from . import pos_order_card_sale
from . import pos_session_topup
