from . import sports_voucher_apply
