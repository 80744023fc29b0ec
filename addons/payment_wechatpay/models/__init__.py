from . import payment_provider, payment_provider_micropay, payment_transaction, res_partner
