from . import (
    test_demo_pos_enrol,
    test_demo_pos_enrol_tour,
)
