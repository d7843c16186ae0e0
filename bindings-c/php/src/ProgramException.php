<?php
/*
 * ProgramException: the program ran on the server and failed.
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * The program ran and failed (non-zero exit status, `status: failure`): a domain that does not
 * exist, an alias that does. Never a success with a message to grep.
 */
final class ProgramException extends \RuntimeException implements VirtualminException
{
    use ErrorDetails;

    private ?int $exitStatus = null;
    private ?string $error = null;
    private ?string $output = null;

    protected function setDetails(array $details): void
    {
        $this->exitStatus = $details['exit_status'] ?? null;
        $this->error = $details['error'] ?? null;
        $this->output = $details['output'] ?? null;
    }

    /** In plain-text mode the raw wait status (256 for exit(1)); null for JSON, XML, Perl. */
    public function getExitStatus(): ?int
    {
        return $this->exitStatus;
    }

    /** The first line the program printed: its error message. */
    public function getError(): ?string
    {
        return $this->error;
    }

    /** Everything the program printed, usage text included. */
    public function getOutput(): ?string
    {
        return $this->output;
    }
}
