"""QR codes read from a camera with OpenCV: a V4L2 device, an RTSP URL or a video file.

Each decoded code becomes one read; the same code seen in consecutive frames is reported
once per ``repeat_seconds`` (someone holding their phone up to the camera). A source that
fails (camera unplugged, stream down) is reopened; a video file is read once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from hw_proxy.devices import ReaderDevice, register_driver

_logger = logging.getLogger(__name__)


class CameraQrReader:
    def __init__(
        self,
        device_id: str,
        source: str,
        on_read: Callable[[str, str], None],
        every_nth_frame: int = 2,
        repeat_seconds: float = 3.0,
        retry_seconds: float = 2.0,
    ):
        self.device_id = device_id
        self.source = source
        self.on_read = on_read
        self.every_nth_frame = max(1, every_nth_frame)
        self.repeat_seconds = repeat_seconds
        self.retry_seconds = retry_seconds
        self.connected = False
        self.frames = 0
        self.finished = threading.Event()
        self._last: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"camera-{device_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def _open(self):
        import cv2

        source: str | int = self.source
        if isinstance(source, str) and source.startswith("/dev/video") and source[10:].isdigit():
            source = int(source[10:])
        return cv2.VideoCapture(source), cv2.QRCodeDetector()

    def _run(self) -> None:
        is_file = not (self.source.startswith(("/dev/", "rtsp://", "http://", "https://")))
        while not self._stop.is_set():
            try:
                capture, detector = self._open()
            except ImportError:
                _logger.error("opencv is not installed: camera reader disabled")
                self.finished.set()
                return
            if not capture.isOpened():
                self.connected = False
                if is_file:
                    _logger.error("cannot open video", extra={"device": self.device_id})
                    self.finished.set()
                    return
                self._stop.wait(self.retry_seconds)
                continue
            self.connected = True
            try:
                self._frames(capture, detector)
            finally:
                capture.release()
                self.connected = False
            if is_file:
                self.finished.set()
                return
            self._stop.wait(self.retry_seconds)

    def _frames(self, capture, detector) -> None:
        while not self._stop.is_set():
            ok, frame = capture.read()
            if not ok:
                return
            self.frames += 1
            if self.frames % self.every_nth_frame:
                continue
            try:
                text, _points, _straight = detector.detectAndDecode(frame)
            except Exception:
                _logger.warning("frame could not be decoded", extra={"device": self.device_id})
                continue
            if not text:
                continue
            now = time.monotonic()
            if now - self._last.get(text, -1e9) < self.repeat_seconds:
                continue
            self._last[text] = now
            try:
                self.on_read(self.device_id, text)
            except Exception:
                _logger.exception("read handler failed", extra={"device": self.device_id})


@register_driver("reader", "camera")
class CameraReaderDevice(ReaderDevice):
    def _make_reader(self, on_read: Callable[[str, str], None]) -> CameraQrReader:
        return CameraQrReader(self.device_id, self.config.source, on_read)

    def _extra_state(self) -> dict[str, Any]:
        return {"frames": self.reader.frames}
