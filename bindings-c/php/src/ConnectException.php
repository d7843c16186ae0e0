<?php
/*
 * ConnectException: one kind of the error model (tests/contract/error_kinds.json).
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * No connection could be made, or it was reset before a reply began.
 */
final class ConnectException extends \RuntimeException implements VirtualminException
{
    use ErrorDetails;
}
