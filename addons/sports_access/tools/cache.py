"""Rows read by plain SQL on the gate's hot path, put in the ORM cache as a fetch would."""


def cached_rows(model, field_names, rows):
    """The records of ``model`` for ``rows`` of ``(id, *values)``, the values being those of
    ``field_names`` in that order, put in the ORM cache as a fetch would: what reads them next
    reads no row. A value already in the cache (a pending change) is kept."""
    if not rows:
        return model.browse()
    ids, *columns = zip(*rows, strict=True)
    records = model.browse(ids)
    for name, values in zip(field_names, columns, strict=True):
        model._fields[name]._insert_cache(records, values)
    return records
