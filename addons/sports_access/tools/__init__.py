from . import qrtoken, rules, sync
