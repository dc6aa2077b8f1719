import tracemalloc

import pytest

from atf_portal.core.uploads import SizeLimitUploadHandler, xlsx_archive_problem
from indicators.imports.services import plan_import as indicator_plan
from places.models import Area
from stocktake import template_workbook
from stocktake.services import plan_stocktake as stocktake_plan

from .indicator_files import template_xlsx
from .stocktake_files import consolidated, decompression_bomb, row


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


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """120 million characters in one cell: about 120 KB to upload, past the 100 MB a workbook may expand to."""
    return decompression_bomb(tmp_path_factory.mktemp("bomb") / "stocktake.xlsx", 120_000_000).read_bytes()


def peak_memory_of(call):
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
@pytest.mark.parametrize("plan", [stocktake_plan, indicator_plan], ids=["stocktake", "indicator template"])
def test_a_decompression_bomb_is_refused_from_the_zip_directory_without_opening_it(bomb, plan):
    result, peak = peak_memory_of(lambda: plan("stocktake.xlsx", bomb))
    [error] = result.errors
    assert error.startswith("stocktake.xlsx: the workbook would expand to 114.5\xa0MB when opened (part "
                            "xl/sharedStrings.xml is compressed 1,0")  # about 1,000 to 1, as zlib manages
    assert "to 1); the most accepted is 100.0\xa0MB and 100 to 1, so it was not opened." in error
    assert peak < 10 * 1024 * 1024  # the 120 million characters were never read


@pytest.mark.django_db
def test_real_workbooks_pass_the_archive_check():
    workbooks = {
        "template.xlsx": template_workbook.build(Area.objects.levels()),
        "indicators.xlsx": template_xlsx([[12, "E08000012", "2023/24", "Persons", "All ages", 41.5]] * 500),
        "long-cell.xlsx": consolidated([["Theme 1", "x" * 10_000]]),
        "many.xlsx": consolidated([row(f"Theme {n % 8 + 1}", l0="Family hubs\n" * 50) for n in range(1000)]),
    }
    assert {name: xlsx_archive_problem(name, content) for name, content in workbooks.items()} == dict.fromkeys(
        workbooks)


def test_a_denser_part_than_any_workbook_is_refused_however_small_the_total(settings, tmp_path):
    settings.XLSX_MAX_COMPRESSION_RATIO = 50
    content = decompression_bomb(tmp_path / "dense.xlsx", 5_000_000).read_bytes()
    assert "part xl/sharedStrings.xml is compressed 1,0" in xlsx_archive_problem("dense.xlsx", content)
