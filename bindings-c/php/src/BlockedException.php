<?php
/*
 * BlockedException: one kind of the error model (tests/contract/error_kinds.json).
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * The server blocked this address after repeated login failures (403).
 */
final class BlockedException extends \RuntimeException implements VirtualminException
{
    use ErrorDetails;
}
