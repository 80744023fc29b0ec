"""The rights table's rows of the desk's enrolment (sports_pos_training, see
``public_methods``)."""

from .public_methods_base import Method

TRAINING_DEMO_METHODS = [
    # ---------------------------------------------------------------- sports_pos_training
    Method(
        "pos.config",
        "sports_training_enrol_options",
        "sports_venue.group_arena_user",
        args={"partner_id": "id:res.partner"},
        valid=lambda fx: (fx.pos_config, {"partner_id": fx.partner.id}),
        writes=False,
    ),
]
