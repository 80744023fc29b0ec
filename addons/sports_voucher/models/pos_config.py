from odoo import api, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    def _get_special_products(self):
        """The voucher product is loaded in every POS, whatever its categories, and kept
        off the product screen: only the Voucher button adds it, with a quote of the
        server."""
        voucher = self.env.ref("sports_voucher.product_sports_voucher", raise_if_not_found=False)
        return super()._get_special_products() | (voucher or self.env["product.product"])

    @api.model
    def _load_pos_data_read(self, records, config):
        read_records = super()._load_pos_data_read(records, config)
        if read_records:
            voucher = self.env.ref(
                "sports_voucher.product_sports_voucher", raise_if_not_found=False
            )
            read_records[0]["_sports_voucher_product_id"] = voucher.id if voucher else False
        return read_records
