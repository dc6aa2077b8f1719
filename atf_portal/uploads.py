import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops keeping an uploaded file once it passes MAX_UPLOAD_BYTES, so a huge upload cannot fill memory or
    disk. The file then arrives empty but with its true size, and the form refuses it by that size."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= settings.MAX_UPLOAD_BYTES else None

    def file_complete(self, file_size):
        if self.received <= settings.MAX_UPLOAD_BYTES:
            return None  # the handlers after this one keep the file as usual
        return UploadedFile(io.BytesIO(), name=self.file_name, content_type=self.content_type, size=self.received)
