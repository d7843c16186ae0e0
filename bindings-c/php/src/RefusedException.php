<?php
/*
 * RefusedException: one kind of the error model (tests/contract/error_kinds.json).
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * remote.cgi refused the call: the user may not use the API, or there is no such program.
 */
final class RefusedException extends \RuntimeException implements VirtualminException
{
    use ErrorDetails;
}
