from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    wechatpay_openid = fields.Char(
        string="WeChat OpenID",
        help="The partner's openid under the Official Account of the WeChat Pay "
        "provider, needed to pay with JSAPI inside WeChat. A real deployment fills it through "
        "WeChat OAuth (snsapi_base) when the member opens the portal in WeChat.",
        copy=False,
        groups="base.group_system",
    )
