"""One way to hand a spreadsheet to the user who asked for it."""

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(record, filename, data):
    """An action downloading ``data`` (XLSX bytes) as ``filename``, kept as an attachment
    of ``record``. The caller checks that the user may read ``record`` first."""
    # sudo: the caller may read the record (checked by the caller) but not create
    # attachments; the attachment belongs to the record and is readable as it is.
    attachment = (
        record.env["ir.attachment"]
        .sudo()
        .create(
            {
                "name": filename,
                "raw": data,
                "res_model": record._name,
                "res_id": record.id,
                "mimetype": XLSX_MIMETYPE,
            }
        )
    )
    return {
        "type": "ir.actions.act_url",
        "url": f"/web/content/{attachment.id}?download=true",
        "target": "download",
    }
