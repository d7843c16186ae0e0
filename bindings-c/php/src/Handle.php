<?php
/*
 * Ownership of one C handle: freed exactly once, when the last PHP reference to it goes.
 */

declare(strict_types=1);

namespace VirtualminRemote;

use FFI;
use FFI\CData;

/**
 * A C handle and the function that frees it.
 *
 * Objects hold a Handle rather than the pointer itself, so that a cloned Client shares one
 * handle instead of freeing the same pointer twice.
 *
 * @internal
 */
final class Handle
{
    public function __construct(
        private FFI $ffi,
        public readonly CData $pointer,
        private string $free,
    ) {
    }

    public function __destruct()
    {
        $this->ffi->{$this->free}($this->pointer);
    }

    public function __debugInfo(): array
    {
        return ['handle' => $this->free === '' ? '?' : substr($this->free, 0, -5)];
    }
}
