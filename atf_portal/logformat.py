"""LOG_FORMAT=json: one JSON object a line, for a log collector. The request log (requestlog.py) and the task log
(jobs/runner.py) pass their fields as `extra`, so they arrive as fields, not only inside the message."""

import json
import logging

FIELDS = ("method", "path", "user", "status", "ms", "job", "task", "started_by")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name,
                "message": record.getMessage()}
        line.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)
