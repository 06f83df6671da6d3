"""Exchange's error bodies: a cmdlet that fails answers `{"error": {...}}` with the HTTP status of its code.

Every failure a cmdlet can meet is one `CmdletError`, carrying the .NET exception type Exchange names and
Exchange's own sentence. The body follows the observed InvokeCommand shape (exchange-api.md §1.6):
`details[0].message` is `<string id>|<exception type>|<text>`; the string id is `Ex` plus six hex digits
(like the observed `Ex6F9304`), fixed per exception type so a client can match on it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

# Exchange names the backend server in not-found texts; the emulator has one, named like a real one.
SERVER = "AM0PR04MB0001.EURPR04A001.PROD.OUTLOOK.COM"

_STATUS_CODES = {400: "BadRequest", 403: "Forbidden", 404: "NotFound", 500: "InternalServerError"}

NOT_FOUND = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException"
AMBIGUOUS = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException"
PARAMETER_BINDING = "System.Management.Automation.ParameterBindingException"
ALREADY_EXISTS = "Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException"
PROXY_IN_USE = "Microsoft.Exchange.Data.Directory.ProxyAddressExistsException"
TASK = "Microsoft.Exchange.Configuration.Tasks.TaskException"


class CmdletError(Exception):
    """A cmdlet failed the way Exchange Online fails it: an HTTP status, an exception type, a sentence."""

    def __init__(self, status: int, exception_type: str, text: str) -> None:
        self.status = status
        self.exception_type = exception_type
        self.text = text
        super().__init__(f"{exception_type}: {text}")

    @property
    def code(self) -> str:
        return _STATUS_CODES.get(self.status, "BadRequest")

    def body(self) -> dict[str, Any]:
        """The error body, in one of the shapes real tenants send, chosen by the failure's text.

        Most bodies carry `<id>|<type>|<text>` in the detail and the type again in the inner exception.
        Some carry the detail as JSON naming the type as `TypeName` (go-exoscc) or `ClassName` (the
        ExchangeOnlineManagement module's field), with no inner exception to fall back on. A client must
        read all three to tell "already exists" and "not found" apart, so the emulator sends all three.
        """
        string_id = (
            "Ex" + hashlib.sha1(self.exception_type.encode(), usedforsecurity=False).hexdigest()[:6].upper()
        )
        shape = int(hashlib.sha1(self.text.encode(), usedforsecurity=False).hexdigest(), 16) % 3
        if shape:
            type_field = "TypeName" if shape == 1 else "ClassName"
            detail = {"Message": self.text, type_field: self.exception_type, "StackTrace": None}
            return {
                "error": {
                    "code": self.code,
                    "message": "Error executing cmdlet",
                    "details": [{"code": "Context", "target": "", "message": json.dumps(detail)}],
                    "innererror": {
                        "message": "Error executing cmdlet",
                        "type": "Microsoft.Exchange.Admin.OData.Core.ODataServiceException",
                        "stacktrace": "",
                    },
                }
            }
        return {
            "error": {
                "code": self.code,
                "message": "Error executing cmdlet",
                "details": [
                    {
                        "code": "Context",
                        "target": "",
                        "message": f"{string_id}|{self.exception_type}|{self.text}",
                    }
                ],
                "innererror": {
                    "message": "Error executing cmdlet",
                    "type": "Microsoft.Exchange.Admin.OData.Core.ODataServiceException",
                    "stacktrace": "",
                    "internalexception": {
                        "message": self.text,
                        "type": self.exception_type,
                        "stacktrace": "",
                    },
                },
            }
        }


def object_not_found(identity: str) -> CmdletError:
    """The -Identity of a cmdlet names nothing of the kind the cmdlet works on."""
    return CmdletError(
        404,
        NOT_FOUND,
        f"The operation couldn't be performed because object '{identity}' couldn't be found on '{SERVER}'.",
    )


def argument_not_found(value: str) -> CmdletError:
    """A recipient named by a parameter other than -Identity (User, Trustee, Member ...) does not exist."""
    return CmdletError(
        404,
        NOT_FOUND,
        f'Couldn\'t find object "{value}". Please make sure that it was spelled correctly or '
        "specify a different object.",
    )


def ambiguous(value: str) -> CmdletError:
    return CmdletError(
        400, AMBIGUOUS, f"The operation couldn't be performed because '{value}' matches multiple entries."
    )


def unknown_parameter(name: str) -> CmdletError:
    return CmdletError(
        400, PARAMETER_BINDING, f"A parameter cannot be found that matches parameter name '{name}'."
    )


def bad_argument(parameter: str, value: object, target_type: str, reason: str) -> CmdletError:
    """PowerShell's argument transformation failure, which is how a wrong value of a typed parameter fails."""
    return CmdletError(
        400,
        PARAMETER_BINDING,
        f"Cannot process argument transformation on parameter '{parameter}'. Cannot convert "
        f'value "{value}" to type "{target_type}". Error: "{reason}"',
    )


def missing_parameter(cmdlet: str, name: str) -> CmdletError:
    return CmdletError(
        400,
        PARAMETER_BINDING,
        f"Cannot process command because of one or more missing mandatory parameters: {name}. ({cmdlet})",
    )


def task_error(text: str, exception_type: str = TASK, status: int = 400) -> CmdletError:
    return CmdletError(status, exception_type, text)


def forbidden_body(cmdlet: str) -> dict[str, Any]:
    """The 403 body of a cmdlet outside the caller's RBAC (go-exoscc's observed shape)."""
    return {
        "error": {
            "code": "Forbidden",
            "message": f"User is not allowed to call {cmdlet}",
            "details": [],
            "innererror": {"message": f"User is not allowed to call {cmdlet}"},
        }
    }
