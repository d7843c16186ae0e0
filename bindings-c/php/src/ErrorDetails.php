<?php
/*
 * What every error of this package carries besides its message, shared by the exception classes.
 */

declare(strict_types=1);

namespace VirtualminRemote;

/**
 * The fields behind VirtualminException's getters. Messages never hold the password.
 *
 * @internal
 */
trait ErrorDetails
{
    private string $kind;
    private ?string $flag;
    private ?int $httpStatus;
    private ?string $reason;

    /**
     * @param array{kind?: string, flag?: ?string, http_status?: ?int, reason?: ?string,
     *              exit_status?: ?int, error?: ?string, output?: ?string} $details
     */
    public function __construct(string $message, int $code, array $details = [])
    {
        parent::__construct($message, $code);
        $this->kind = $details['kind'] ?? 'Usage';
        $this->flag = $details['flag'] ?? null;
        $this->httpStatus = $details['http_status'] ?? null;
        $this->reason = $details['reason'] ?? null;
        $this->setDetails($details);
    }

    /** Lets a class keep details of its own kind; most have none. */
    protected function setDetails(array $details): void
    {
    }

    public function getKind(): string
    {
        return $this->kind;
    }

    public function getFlag(): ?string
    {
        return $this->flag;
    }

    public function getHttpStatus(): ?int
    {
        return $this->httpStatus;
    }

    public function getReason(): ?string
    {
        return $this->reason;
    }
}
