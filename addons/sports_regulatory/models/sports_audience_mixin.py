from odoo import fields, models

# Who a ticket or card type is meant for, as the yearly subsidy report counts free and
# low-fee access (学生、老年人、残疾人).
AUDIENCES = [
    ("general", "General public"),
    ("student", "Students"),
    ("senior", "Seniors"),
    ("disabled", "People with disabilities"),
]
FEE_LEVELS = [("standard", "Standard"), ("low", "Low-fee"), ("free", "Free")]


class SportsAudienceMixin(models.AbstractModel):
    """The audience and fee level of what admits people (ticket and card types): entries
    with it count as free or low-fee (public-benefit) access, by group."""

    _name = "sports.audience.mixin"
    _description = "Audience and Fee Level"

    sports_audience = fields.Selection(
        AUDIENCES, string="Audience", required=True, default="general"
    )
    sports_fee_level = fields.Selection(
        FEE_LEVELS,
        string="Fee Level",
        required=True,
        default="standard",
        help="Entries admitted by this type count as free or low-fee (public-benefit) access.",
    )
