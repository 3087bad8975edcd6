"""Services of the e-result app: issue (sign and store), revoke, result codes."""

from .codes import result_code_new, result_code_normalise
from .issue import SOURCE_TEMPLATE, SOURCE_UPLOAD, result_issue
from .revoke import result_revoke

__all__ = [
    "SOURCE_TEMPLATE",
    "SOURCE_UPLOAD",
    "result_code_new",
    "result_code_normalise",
    "result_issue",
    "result_revoke",
]
