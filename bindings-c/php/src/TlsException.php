<?php
/*
 * TlsException: one kind of the error model (tests/contract/error_kinds.json).
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * The server's certificate was rejected or did not match the pinned fingerprint.
 */
final class TlsException extends \RuntimeException implements VirtualminException
{
    use ErrorDetails;
}
