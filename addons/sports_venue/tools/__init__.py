from .phone import normalize_cn_phone
