<?php
/*
 * HttpException: one kind of the error model (tests/contract/error_kinds.json).
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * Another HTTP status that is not success; getHttpStatus() says which.
 */
final class HttpException extends \RuntimeException implements VirtualminException
{
    use ErrorDetails;
}
