<?php
// PHP side of the benchmark harness: per-call cost of libvirtualmin_remote through FFI, of
// PHP's curl extension, and of the pattern being replaced (shell_exec of wget), timed in this
// process. Prints one line of JSON for bench/run.py.
//
// The server comes from VMR_BENCH_URL, VMR_BENCH_CA (the CA file every client verifies
// against) and VMR_BENCH_PASSWORD; VMR_BENCH_LIB is the shared library and VMR_BENCH_FFI_H its
// FFI header; VMR_BENCH_PHP_SRC the src/ of the PHP package (bindings-c/php/src). Usage:
// php php_bench.php package|ffi|curl|wget CALLS

declare(strict_types=1);

$url = getenv('VMR_BENCH_URL');
$ca = getenv('VMR_BENCH_CA');
$password = getenv('VMR_BENCH_PASSWORD');
$api = "$url/virtual-server/remote.cgi";
// The same body our clients send for `list-domains --name-only` in JSON.
const NAMES_BODY = 'program=list-domains&name-only=&json=1';

function check_names(?string $text): void
{
    $data = json_decode((string) $text, true);
    if (!is_array($data) || ($data['status'] ?? '') !== 'success' || count($data['data']) === 0) {
        fwrite(STDERR, "php_bench: no names listed\n");
        exit(1);
    }
}

/** One call through PHP's curl extension, made the way scripts make it: a handle per call. */
function curl_names(string $api, string $ca, string $password): void
{
    $h = curl_init($api);
    curl_setopt_array($h, [
        CURLOPT_POST => true,
        CURLOPT_POSTFIELDS => NAMES_BODY,
        CURLOPT_USERPWD => "root:$password",
        CURLOPT_CAINFO => $ca,
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_TIMEOUT => 120,
    ]);
    $body = curl_exec($h);
    if ($body === false || curl_getinfo($h, CURLINFO_RESPONSE_CODE) !== 200) {
        fwrite(STDERR, 'php_bench: curl: ' . curl_error($h) . "\n");
        exit(1);
    }
    curl_close($h);
    check_names($body);
}

/** The replaced pattern: a shell running wget per call, the password on its command line. */
function wget_names(string $api, string $ca, string $password): void
{
    $cmd = 'wget -q -O - --post-data=' . escapeshellarg(NAMES_BODY)
        . ' --http-user=root --http-password=' . escapeshellarg($password)
        . ' --ca-certificate=' . escapeshellarg($ca) . ' ' . escapeshellarg($api);
    check_names(shell_exec($cmd));
}

/** libvirtualmin_remote through FFI: one client for all calls, as a PHP wrapper would keep. */
final class RawFfi
{
    private FFI $ffi;
    private $client;
    private $call;

    public function __construct(string $url, string $ca, string $password)
    {
        $header = file_get_contents(getenv('VMR_BENCH_FFI_H'));
        $this->ffi = FFI::cdef($header, getenv('VMR_BENCH_LIB'));
        $f = $this->ffi;
        $err = $f->new('vmr_error*');
        $builder = $f->new('vmr_client_builder*');
        $this->check($f->vmr_client_builder_new($url, FFI::addr($builder), FFI::addr($err)), $err);
        $this->check(
            $f->vmr_client_builder_credentials($builder, 'root', $password, FFI::addr($err)),
            $err
        );
        $this->check($f->vmr_client_builder_ca_file($builder, $ca, FFI::addr($err)), $err);
        $this->client = $f->new('vmr_client*');
        $this->check(
            $f->vmr_client_builder_build($builder, FFI::addr($this->client), FFI::addr($err)),
            $err
        );
        $f->vmr_client_builder_free($builder);
        $this->call = $f->new('vmr_call*');
        $this->check(
            $f->vmr_call_new('list-domains', FFI::addr($this->call), FFI::addr($err)),
            $err
        );
        $this->check($f->vmr_call_flag($this->call, 'name-only', FFI::addr($err)), $err);
    }

    private function check($code, $err): void
    {
        if ($code !== 0) {
            fwrite(STDERR, 'php_bench: ffi: ' . $this->ffi->vmr_error_message($err) . "\n");
            exit(1);
        }
    }

    public function names(): void
    {
        $f = $this->ffi;
        $err = $f->new('vmr_error*');
        $reply = $f->new('vmr_response*');
        $this->check(
            $f->vmr_client_run($this->client, $this->call, FFI::addr($reply), FFI::addr($err)),
            $err
        );
        $json = $f->new('const char*');
        $this->check($f->vmr_response_data_json($reply, FFI::addr($json), FFI::addr($err)), $err);
        $names = json_decode(FFI::string($json), true);
        $f->vmr_response_free($reply);
        if (!is_array($names) || count($names) === 0) {
            fwrite(STDERR, "php_bench: no names listed\n");
            exit(1);
        }
    }
}

[$_, $which, $calls] = $argv;
$calls = (int) $calls;
if ($which === 'package') {
    // PSR-4 for the package's namespace, as Composer would set it up.
    spl_autoload_register(static function (string $class): void {
        $prefix = 'VirtualminRemote\\';
        if (str_starts_with($class, $prefix)) {
            require getenv('VMR_BENCH_PHP_SRC') . '/' . substr($class, strlen($prefix)) . '.php';
        }
    });
    $client = new VirtualminRemote\Client($url, 'root', $password, [
        'ca_file' => $ca,
        'library' => getenv('VMR_BENCH_LIB'),
        'header' => getenv('VMR_BENCH_FFI_H'),
    ]);
    $one = static function () use ($client): void {
        if (count($client->call('list-domains', ['name-only' => true])['names']) === 0) {
            fwrite(STDERR, "php_bench: no names listed\n");
            exit(1);
        }
    };
} elseif ($which === 'ffi') {
    $client = new RawFfi($url, $ca, $password);
    $one = fn () => $client->names();
} elseif ($which === 'curl') {
    $one = fn () => curl_names($api, $ca, $password);
} elseif ($which === 'wget') {
    $one = fn () => wget_names($api, $ca, $password);
} else {
    fwrite(STDERR, "usage: php php_bench.php package|ffi|curl|wget CALLS\n");
    exit(2);
}
if ($which !== 'wget') {
    $one(); // warm-up: loading the library, the first handshake
}
$samples = [];
for ($i = 0; $i < $calls; $i++) {
    $start = hrtime(true);
    $one();
    $samples[] = (hrtime(true) - $start) / 1e6;
}
echo json_encode(['samples_ms' => $samples]), "\n";
