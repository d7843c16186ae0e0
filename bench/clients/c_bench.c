/*
 * C side of the benchmark harness: libvirtualmin_remote through its C ABI, timed in this
 * process, one measurement per run. Prints one line of JSON for bench/run.py.
 *
 * The server comes from VMR_BENCH_URL, VMR_BENCH_CA (the CA file every client verifies
 * against) and VMR_BENCH_PASSWORD. Usage:
 *
 *   c_bench percall CALLS [new]
 *   c_bench memory                      one call against the huge fault
 *   c_bench concurrency THREADS CALLS   threads sharing one client
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "virtualmin_remote.h"

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void die(const char *what, vmr_error *err) {
    fprintf(stderr, "c_bench: %s: %s\n", what, err ? vmr_error_message(err) : "failed");
    exit(1);
}

static const char *env(const char *name) {
    const char *value = getenv(name);
    if (!value) {
        fprintf(stderr, "c_bench: $%s is not set\n", name);
        exit(2);
    }
    return value;
}

static vmr_client *new_client(void) {
    vmr_error *err = NULL;
    vmr_client_builder *b = NULL;
    vmr_client *client = NULL;
    if (vmr_client_builder_new(env("VMR_BENCH_URL"), &b, &err) != VMR_OK ||
        vmr_client_builder_credentials(b, "root", env("VMR_BENCH_PASSWORD"), &err) != VMR_OK ||
        vmr_client_builder_ca_file(b, env("VMR_BENCH_CA"), &err) != VMR_OK ||
        vmr_client_builder_timeout_ms(b, 120000, &err) != VMR_OK ||
        vmr_client_builder_build(b, &client, &err) != VMR_OK)
        die("client", err);
    vmr_client_builder_free(b);
    return client;
}

static vmr_call *new_call(const char *flag) {
    vmr_error *err = NULL;
    vmr_call *call = NULL;
    if (vmr_call_new("list-domains", &call, &err) != VMR_OK ||
        vmr_call_flag(call, flag, &err) != VMR_OK)
        die("call", err);
    return call;
}

/* One `list-domains --name-only`; the names must be there. */
static void run_names(const vmr_client *client, const vmr_call *call) {
    vmr_error *err = NULL;
    vmr_response *reply = NULL;
    const char *data = NULL;
    if (vmr_client_run(client, call, &reply, &err) != VMR_OK) die("run", err);
    if (vmr_response_data_json(reply, &data, &err) != VMR_OK || strlen(data) < 3)
        die("no names listed", err);
    vmr_response_free(reply);
}

static long status_kib(const char *key) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long value = 0;
    size_t len = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, len) == 0) value = atol(line + len);
    if (f) fclose(f);
    return value;
}

static void percall(int calls, int fresh) {
    vmr_call *call = new_call("name-only");
    vmr_client *shared = fresh ? NULL : new_client();
    if (shared) run_names(shared, call);
    printf("{\"samples_ms\": [");
    for (int i = 0; i < calls; i++) {
        double start = now_ms();
        vmr_client *client = fresh ? new_client() : shared;
        run_names(client, call);
        if (fresh) vmr_client_free(client);
        printf("%s%.4f", i ? ", " : "", now_ms() - start);
    }
    printf("]}\n");
    if (shared) vmr_client_free(shared);
    vmr_call_free(call);
}

static void memory(void) {
    vmr_client *client = new_client();
    vmr_call *call = new_call("multiline");
    vmr_error *err = NULL;
    vmr_response *reply = NULL;
    size_t records = 0;
    long before = status_kib("VmRSS:");
    double start = now_ms();
    if (vmr_client_run(client, call, &reply, &err) != VMR_OK) die("run", err);
    if (vmr_response_record_count(reply, &records, &err) != VMR_OK) die("records", err);
    double elapsed = now_ms() - start;
    printf("{\"records\": %zu, \"rss_before_kib\": %ld, \"peak_kib\": %ld, \"ms\": %.3f}\n",
           records, before, status_kib("VmHWM:"), elapsed);
    vmr_response_free(reply);
    vmr_call_free(call);
    vmr_client_free(client);
}

struct job {
    const vmr_client *client;
    const vmr_call *call;
    int calls;
};

static void *worker(void *arg) {
    struct job *job = arg;
    for (int i = 0; i < job->calls; i++) run_names(job->client, job->call);
    return NULL;
}

static void concurrency(int threads, int calls) {
    vmr_client *client = new_client();
    vmr_call *call = new_call("name-only");
    struct job job = {client, call, calls};
    pthread_t *pool = calloc((size_t)threads, sizeof *pool);
    run_names(client, call);
    double start = now_ms();
    for (int i = 0; i < threads; i++) pthread_create(&pool[i], NULL, worker, &job);
    for (int i = 0; i < threads; i++) pthread_join(pool[i], NULL);
    printf("{\"elapsed_ms\": %.3f, \"calls\": %d}\n", now_ms() - start, threads * calls);
    free(pool);
    vmr_call_free(call);
    vmr_client_free(client);
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "percall") == 0) {
        percall(atoi(argv[2]), argc > 3 && strcmp(argv[3], "new") == 0);
    } else if (argc == 2 && strcmp(argv[1], "memory") == 0) {
        memory();
    } else if (argc == 4 && strcmp(argv[1], "concurrency") == 0) {
        concurrency(atoi(argv[2]), atoi(argv[3]));
    } else {
        fprintf(stderr,
                "usage: c_bench percall CALLS [new] | memory | concurrency THREADS CALLS\n");
        return 2;
    }
    return 0;
}
