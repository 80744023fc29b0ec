from . import (
    test_demo_pos_enrol,
)
