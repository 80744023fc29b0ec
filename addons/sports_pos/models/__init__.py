from . import pos_config
from . import res_config_settings
from . import sports_access_entitlement
from . import pos_order_line
from . import pos_order
