<?php
/*
 * AuthException: one kind of the error model (tests/contract/error_kinds.json).
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * The server refused the credentials (401, two-factor account, Webmin login page). Never
 * retried: Webmin blocks an address after repeated failures.
 */
final class AuthException extends \RuntimeException implements VirtualminException
{
    use ErrorDetails;
}
