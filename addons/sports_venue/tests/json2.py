"""Calling Odoo's JSON-2 API over real HTTP from an ``HttpCase``, as outside clients do."""

import json


def post_json2(case, model, method, api_key, timeout=60, **params):
    """POST ``params`` to ``/json/2/<model>/<method>`` with ``api_key`` as bearer token.

    Returns ``(status code, decoded body)``; a body that is not JSON comes back as
    its first 500 characters of text.
    """
    response = case.url_open(
        f"/json/2/{model}/{method}",
        data=json.dumps(params),
        headers={"Content-Type": "application/json", "Authorization": f"bearer {api_key}"},
        timeout=timeout,
    )
    try:
        body = response.json()
    except ValueError:
        body = response.text[:500]
    return response.status_code, body
