from . import sports_voucher_apply, sports_voucher_claim_wizard
