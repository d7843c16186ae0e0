<?php
/*
 * TimeoutException: one kind of the error model (tests/contract/error_kinds.json).
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * The connect or total deadline passed.
 */
final class TimeoutException extends \RuntimeException implements VirtualminException
{
    use ErrorDetails;
}
