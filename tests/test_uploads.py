from atf_portal.uploads import SizeLimitUploadHandler


def test_the_upload_handler_stops_keeping_a_file_past_the_limit(settings):
    settings.MAX_UPLOAD_BYTES = 100
    handler = SizeLimitUploadHandler()
    handler.new_file("file", "big.xlsx", "application/octet-stream", 250)
    kept = [handler.receive_data_chunk(b"x" * 60, 0), handler.receive_data_chunk(b"x" * 60, 60),
            handler.receive_data_chunk(b"x" * 130, 120)]
    assert [len(chunk) if chunk else None for chunk in kept] == [60, None, None]
    refused = handler.file_complete(250)
    assert (refused.name, refused.size, refused.read()) == ("big.xlsx", 250, b"")


def test_the_upload_handler_leaves_files_within_the_limit_to_the_usual_handlers(settings):
    settings.MAX_UPLOAD_BYTES = 100
    handler = SizeLimitUploadHandler()
    handler.new_file("file", "small.xlsx", "application/octet-stream", 80)
    assert handler.receive_data_chunk(b"x" * 80, 0) == b"x" * 80
    assert handler.file_complete(80) is None
