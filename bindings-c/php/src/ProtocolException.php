<?php
/*
 * ProtocolException: one kind of the error model (tests/contract/error_kinds.json).
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * The reply could not be understood: truncated, undecodable, or not the API.
 */
final class ProtocolException extends \UnexpectedValueException implements VirtualminException
{
    use ErrorDetails;
}
