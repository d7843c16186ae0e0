<?php
/*
 * UsageException: one kind of the error model (tests/contract/error_kinds.json).
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * The caller's input is invalid: a program or flag name, a value with a NUL or a line break,
 * a URL, an option. Nothing was sent.
 */
final class UsageException extends \InvalidArgumentException implements VirtualminException
{
    use ErrorDetails;
}
