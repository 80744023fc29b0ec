"""ESC/POS printing to a file device, and QR codes read by OpenCV from a real video file."""

from __future__ import annotations

import threading

import cv2
import numpy
import qrcode
from qrsign import SEED, sign

from hw_proxy.camera import CameraQrReader
from hw_proxy.config import DeviceConfig
from hw_proxy.printer import FilePrinter


def test_receipt_with_chinese_text_and_a_native_qr_code(tmp_path):
    path = tmp_path / "receipts.bin"
    printer = FilePrinter(
        DeviceConfig(id="printer-1", kind="printer", transport="file", name="p", path=str(path))
    )
    state = printer.handle_command(
        {
            "id": "1",
            "action": "print",
            "title": "南京市体育中心",
            "lines": ["游泳单次票", "¥30.00"],
            "qr": "Ab-CMHAAAAAA",
        }
    )
    assert state == {"status": "online", "printed": 1}
    data = path.read_bytes()
    assert data.startswith(b"\x1b@")  # ESC @: initialise
    assert "南京市体育中心".encode("gb18030") in data and "游泳单次票".encode("gb18030") in data
    assert b"\x1d(k" in data and b"Ab-CMHAAAAAA" in data  # GS ( k: the QR code, natively
    assert b"\x1dV" in data  # GS V: cut
    # A bad job is refused without printing; an unwritable device reports offline.
    assert printer.handle_command({"id": "2", "action": "print", "lines": "not a list"}) is None
    broken = FilePrinter(
        DeviceConfig(
            id="printer-2",
            kind="printer",
            transport="file",
            name="p",
            path=str(tmp_path / "missing" / "dir" / "x.bin"),
        )
    )
    assert (
        broken.handle_command({"id": "3", "action": "print", "lines": ["x"]})["status"] == "offline"
    )


def qr_frame(text, size=480):
    image = qrcode.make(text, box_size=4, border=4).convert("L")
    frame = numpy.full((size, size), 255, dtype=numpy.uint8)
    qr = numpy.array(image, dtype=numpy.uint8)
    offset = (size - qr.shape[0]) // 2
    frame[offset : offset + qr.shape[0], offset : offset + qr.shape[1]] = qr
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


def test_camera_reader_decodes_a_qr_payload_from_a_video_file_once(tmp_path):
    token = sign(SEED, 77, 1, "ticket", 1795968000, 1796054400, "0001020304050607")
    video = tmp_path / "gate.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10, (480, 480))
    blank = numpy.full((480, 480, 3), 255, dtype=numpy.uint8)
    for frame in [blank] * 5 + [qr_frame(token)] * 10 + [blank] * 5:
        writer.write(frame)
    writer.release()
    reads = []
    lock = threading.Lock()

    def on_read(device, value):
        with lock:
            reads.append((device, value))

    reader = CameraQrReader("camera-1", str(video), on_read, every_nth_frame=1, repeat_seconds=60)
    reader.start()
    assert reader.finished.wait(30)
    reader.stop()
    assert reads == [("camera-1", token)], "seen in ten frames, read once"
    assert reader.frames == 20


def test_camera_reader_gives_up_on_a_missing_file(tmp_path):
    reader = CameraQrReader("camera-1", str(tmp_path / "none.avi"), lambda d, v: None)
    reader.start()
    assert reader.finished.wait(10)
    assert not reader.connected
