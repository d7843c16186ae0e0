<?php
/*
 * The one interface every error of this package implements, whatever SPL class it extends.
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * Anything that went wrong talking to Virtualmin: catch this to catch them all.
 *
 * An interface rather than a base class, so that each error can also be the SPL exception PHP
 * code expects: UsageException is an \InvalidArgumentException, ProtocolException an
 * \UnexpectedValueException, the others \RuntimeException. getCode() is the C library's result
 * code (100 for usage, 303 for a failed program, ...), as in tests/contract/error_kinds.json.
 */
interface VirtualminException extends \Throwable
{
    /** The kind as the contract table names it: "Usage", "Connect", ..., "ProgramFailed". */
    public function getKind(): string;

    /** For usage errors about one flag: its name ("program" for the program name). */
    public function getFlag(): ?string;

    /** The HTTP status of the reply where one was received (401, 403, 500, ...). */
    public function getHttpStatus(): ?int;

    /** For auth failures: the server's reason where it gave one ("twofactor-required"). */
    public function getReason(): ?string;
}
