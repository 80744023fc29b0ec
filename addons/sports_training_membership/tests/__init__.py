from . import test_attend_pack
