from . import (
    test_daily,
    test_fuzz_portal,
    test_portal,
    test_proxy_api,
    test_rules,
    test_security,
    test_standalone,
    test_tickets,
    test_token,
    test_upload,
    test_vectors,
)
