"""Bulk stock import from CSV/Excel files and stock export (no Qt; the dialog runs these
functions in a worker thread).

Flow: `preview()` (format detection + first rows) -> `choose_mapping()` (recognised or
remembered headers + user overrides) -> `load_snapshot(cache)` -> `build_plan()` (validate
+ diff + cost; a dry run stops here and writes nothing) -> `enqueue_plan()` (one outbox
batch) -> push with the sync engine -> `outcomes()` / `report_rows()` / `write_report_csv()`.
Every long step takes `progress(done, total|None)` and `cancelled` (callable or
threading.Event) and raises `ImportCancelled`.
"""

from zid_desk.importer.apply import (
    AppliedBatch,
    ChangeOutcome,
    batch_name,
    enqueue_plan,
    outcomes,
)
from zid_desk.importer.export import HEADERS, ExportError, ExportResult, export_stock
from zid_desk.importer.mapping import (
    FIELDS,
    IGNORE,
    ColumnMapping,
    apply_overrides,
    auto_map,
    choose_mapping,
    header_key,
    recognise,
    remember,
    remembered,
)
from zid_desk.importer.neutral import neutralise, unneutralise
from zid_desk.importer.parse import Quantity, QuantityError, parse_quantity
from zid_desk.importer.plan import (
    DUPLICATE_POLICIES,
    MODES,
    Cost,
    Plan,
    PlannedChange,
    PlanRow,
    RowStatus,
    build_plan,
    estimate_cost,
)
from zid_desk.importer.read import (
    FileFormat,
    ImportCancelled,
    ImportFileError,
    Preview,
    SourceRow,
    detect_delimiter,
    detect_encoding,
    iter_rows,
    preview,
    sniff,
)
from zid_desk.importer.report import RESULTS, ReportRow, report_rows, tally, write_report_csv
from zid_desk.importer.snapshot import CatalogSnapshot, LocationInfo, load_snapshot

__all__ = [
    "DUPLICATE_POLICIES",
    "FIELDS",
    "HEADERS",
    "IGNORE",
    "MODES",
    "RESULTS",
    "AppliedBatch",
    "CatalogSnapshot",
    "ChangeOutcome",
    "ColumnMapping",
    "Cost",
    "ExportError",
    "ExportResult",
    "FileFormat",
    "ImportCancelled",
    "ImportFileError",
    "LocationInfo",
    "Plan",
    "PlanRow",
    "PlannedChange",
    "Preview",
    "Quantity",
    "QuantityError",
    "ReportRow",
    "RowStatus",
    "SourceRow",
    "apply_overrides",
    "auto_map",
    "batch_name",
    "build_plan",
    "choose_mapping",
    "detect_delimiter",
    "detect_encoding",
    "enqueue_plan",
    "estimate_cost",
    "export_stock",
    "header_key",
    "iter_rows",
    "load_snapshot",
    "neutralise",
    "outcomes",
    "parse_quantity",
    "preview",
    "recognise",
    "remember",
    "remembered",
    "report_rows",
    "sniff",
    "tally",
    "unneutralise",
    "write_report_csv",
]
