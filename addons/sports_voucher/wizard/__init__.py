from . import sports_voucher_claim_wizard
