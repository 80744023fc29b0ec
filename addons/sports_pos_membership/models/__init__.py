from . import pos_order, pos_payment, pos_payment_method, pos_session
