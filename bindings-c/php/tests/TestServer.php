<?php
/*
 * The test server as a child process, and its control endpoints.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;

/**
 * One running virtualmin-remote-testserver, stopped when this object goes away (its stdin is a
 * pipe held here: when it closes, the server exits).
 */
final class TestServer
{
    public readonly string $url;
    public readonly string $fingerprint;
    public readonly string $password;
    public readonly ?string $caFile;

    /** @var resource */
    private $process;
    /** @var array<int, resource> */
    private array $pipes;

    /** @param list<string> $args extra command-line options (--seed, --plain, --fault ...) */
    public function __construct(array $args = ['--seed'])
    {
        $command = array_merge(
            [getenv('VMR_TESTSERVER'), '--exit-on-stdin-eof', '--max-seconds', '300'],
            $args,
        );
        $process = proc_open($command, [0 => ['pipe', 'r'], 1 => ['pipe', 'w']], $pipes);
        if ($process === false) {
            throw new \RuntimeException('cannot start the test server');
        }
        $this->process = $process;
        $this->pipes = $pipes;
        $info = json_decode((string) fgets($pipes[1]), true);
        if (!is_array($info) || !isset($info['url'])) {
            throw new \RuntimeException('the test server printed no start line');
        }
        $this->url = $info['url'];
        $this->fingerprint = $info['fingerprint'] ?? '';
        $this->password = $info['password'];
        $this->caFile = $info['ca_file'] ?? null;
        Collector::addSecret($this->password);
    }

    /** NB: a server can be among a trace's arguments, and the scan reads their dumps. */
    public function __debugInfo(): array
    {
        return ['url' => $this->url, 'password' => '***'];
    }

    public function __destruct()
    {
        foreach ($this->pipes as $pipe) {
            fclose($pipe);
        }
        proc_terminate($this->process);
        proc_close($this->process);
    }

    /**
     * GETs a /_testserver/... endpoint. Test-only and unauthenticated, so the certificate is not
     * checked here; the client under test always checks it.
     */
    public function control(string $path): array
    {
        $context = stream_context_create([
            'ssl' => ['verify_peer' => false, 'verify_peer_name' => false],
            'http' => ['ignore_errors' => true, 'timeout' => 10],
        ]);
        $body = file_get_contents($this->url . $path, false, $context);
        return json_decode((string) $body, true, 512, JSON_THROW_ON_ERROR);
    }

    /** The API requests the server saw, oldest first. */
    public function requests(): array
    {
        return $this->control('/_testserver/requests');
    }

    /** @param array<string, scalar> $knobs delay_ms, fault, fault_count */
    public function knobs(array $knobs): void
    {
        $this->control('/_testserver/knobs?' . http_build_query($knobs));
    }
}
