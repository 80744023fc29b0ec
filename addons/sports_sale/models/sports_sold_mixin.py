from odoo import api, models


class SportsSoldMixin(models.AbstractModel):
    """A type sold through a service product of its own (card types, ticket types).

    The model has ``name``, ``price``, ``company_id`` and ``product_id``; the product is
    created with the record and follows its name and price.
    """

    _name = "sports.sold.mixin"
    _description = "Sold as a Product"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._create_products()
        return records

    def write(self, vals):
        result = super().write(vals)
        if {"name", "price"} & set(vals):
            for record in self.filtered("product_id"):
                # sudo: see _create_products; the product mirrors the type.
                record.product_id.sudo().write({"name": record.name, "list_price": record.price})
        return result

    def _create_products(self):
        todo = self.filtered(lambda record: not record.product_id)
        # sudo: the product is the sale side of the type; whoever may configure the type
        # may create it, even without the product manager right.
        products = (
            self.env["product.product"]
            .sudo()
            .create(
                [
                    {
                        "name": record.name,
                        "type": "service",
                        "list_price": record.price,
                        "sale_ok": True,
                        "purchase_ok": False,
                        "company_id": record.company_id.id,
                    }
                    for record in todo
                ]
            )
        )
        for record, product in zip(todo, products, strict=True):
            record.product_id = product
