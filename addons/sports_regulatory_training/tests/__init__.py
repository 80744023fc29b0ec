from . import test_sched_training_visitors
