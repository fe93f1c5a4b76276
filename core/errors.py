"""One error hierarchy for the whole product.

The API maps each class to a GraphQL ``extensions.code`` and the CLI to an exit code, so
every layer reports the same failure the same way.
"""


class EntangleError(Exception):
    """Base of every error the product reports to a person (never with a traceback)."""

    code = "INTERNAL"
    exit_code = 1


class BadInputError(EntangleError):
    """The caller's input is invalid: an argument, a record, a file."""

    code = "BAD_USER_INPUT"
    exit_code = 2


class NotFoundError(EntangleError):
    code = "NOT_FOUND"
    exit_code = 2


class UnauthenticatedError(EntangleError):
    code = "UNAUTHENTICATED"
    exit_code = 2


class ForbiddenError(EntangleError):
    code = "FORBIDDEN"
    exit_code = 2


class QueryTimeoutError(EntangleError):
    code = "TIMEOUT"
    exit_code = 1


class RateLimitedError(EntangleError):
    """The caller already has as many expensive requests running as it may."""

    code = "RATE_LIMITED"
    exit_code = 1

    def __init__(self, message: str, retry_after_s: int = 1) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class DatabaseUnavailableError(EntangleError):
    """Neo4j cannot be reached or refused our credentials."""

    code = "DATABASE_UNAVAILABLE"
    exit_code = 1


class ServerError(EntangleError):
    """The local Neo4j server could not be installed, started or stopped."""

    code = "INTERNAL"
    exit_code = 1
