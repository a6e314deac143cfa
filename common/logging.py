"""Logs carry no personal data: exception messages (which may quote a name or an ID number,
e.g. a database error on a duplicate CCCD) are withheld; the type and the traceback's
locations are kept, which is what an operator needs to find the fault."""

import logging
import traceback


class RedactingFormatter(logging.Formatter):
    def formatException(self, ei):  # noqa: N802 - logging's API
        etype, _value, tb = ei
        lines = ["Traceback (most recent call last):\n", *traceback.format_tb(tb)]
        lines.append(f"{etype.__module__}.{etype.__qualname__}: [message withheld]")
        return "".join(lines)
