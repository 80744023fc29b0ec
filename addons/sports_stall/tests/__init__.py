from . import test_settle_engine, test_settle_gl, test_settle_property, test_settle_queries
