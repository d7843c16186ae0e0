<?php
/*
 * InternalException: one kind of the error model (tests/contract/error_kinds.json).
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * A bug in the C library (a panic caught at its boundary), not a problem of the server or the call.
 */
final class InternalException extends \LogicException implements VirtualminException
{
    use ErrorDetails;
}
