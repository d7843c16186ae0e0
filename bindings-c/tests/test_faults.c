/*
 * The fault suite: each misbehaviour of the test server (and a port nobody listens on) ends the
 * call with the result code its kind has in tests/contract/error_kinds.json, and within twice
 * the deadline the client was given. The table below drives it, once over plain HTTP (one
 * server, the fault set through its knobs, so the request log can be read) and once over TLS
 * (a server started per fault with --fault), where a close without close_notify is a truncation.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

typedef struct {
    const char *fault;  /* the server's fault; "closed-port" is a port nobody listens on */
    const char *format; /* the call's wire format; NULL for the default JSON */
    uint64_t timeout_ms;
    uint64_t max_reply_bytes; /* 0: the default limit */
    const char *kind;         /* as error_kinds.json names it */
    int http_status;          /* 0: not checked (a Protocol error may carry the 200 it read) */
} fault_case;

static const fault_case cases[] = {
    {"closed-port", NULL, 3000, 0, "Connect", 0},
    {"close-before-headers", NULL, 3000, 0, "Connect", 0},
    {"reset-after-headers", NULL, 3000, 0, "Protocol", 0},
    {"close-mid-body", NULL, 3000, 0, "Protocol", 0},
    /* the text format ends with the exit-status line, which is what goes missing */
    {"truncate", "text", 3000, 0, "Protocol", 0},
    {"garbage", NULL, 3000, 0, "Protocol", 0},
    {"html-error", NULL, 3000, 0, "Protocol", 0},
    {"status-500", NULL, 3000, 0, "Http", 500},
    {"redirect", NULL, 3000, 0, "Http", 302},
    {"trickle", NULL, 1500, 0, "Timeout", 0},
    {"stall", NULL, 1500, 0, "Timeout", 0},
    /* the server sends 8 MiB (--huge-mb 8); the client stops reading at 1 MiB */
    {"huge", NULL, 3000, 1024 * 1024, "Protocol", 0},
};
enum { CASES = sizeof cases / sizeof cases[0] };

static vj_value *kinds_table;
static vt_server plain_server;

/* The row of error_kinds.json for `kind`, or NULL. */
static const vj_value *kind_row(const char *kind) {
    const vj_value *kinds = vj_get(kinds_table, "kinds");
    for (size_t i = 0; kinds && i < kinds->count; i++) {
        const char *name = vj_string(kinds->items[i], "kind");
        if (name && strcmp(name, kind) == 0) {
            return kinds->items[i];
        }
    }
    return NULL;
}

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A URL of this scheme on a loopback port that was free a moment ago and is closed now. */
static void closed_port_url(const char *scheme, char *url, size_t size) {
    struct sockaddr_in addr;
    socklen_t length = sizeof addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
          getsockname(fd, (struct sockaddr *)&addr, &length) == 0);
    close(fd);
    snprintf(url, size, "%s://127.0.0.1:%u", scheme, (unsigned)ntohs(addr.sin_port));
}

/*
 * Runs list-domains against `url` as the case says and checks the error: code, kind and result
 * name as the contract table has them, HTTP status, and the time it took.
 */
static void expect_fault(const fault_case *c, const char *url, const char *fingerprint,
                         const char *password, const char *transport) {
    vmr_client_builder *b = NULL;
    vmr_client *client = NULL;
    vmr_call *call = NULL;
    vmr_response *response = NULL;
    vmr_error *err = NULL;
    const vj_value *row = kind_row(c->kind);
    const vj_value *value = vj_get(row, "c_value");
    if (!CHECK(value != NULL && value->type == VJ_NUMBER)) {
        return;
    }
    vmr_result expected = (vmr_result)(int)value->number;

    CHECK_RC(vmr_client_builder_new(url, &b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_credentials(b, "root", password, NULL), VMR_OK);
    if (fingerprint) {
        CHECK_RC(vmr_client_builder_fingerprint(b, fingerprint, NULL), VMR_OK);
    }
    CHECK_RC(vmr_client_builder_timeout_ms(b, c->timeout_ms, NULL), VMR_OK);
    if (c->max_reply_bytes) {
        CHECK_RC(vmr_client_builder_max_reply_bytes(b, c->max_reply_bytes, NULL), VMR_OK);
    }
    CHECK_RC(vmr_client_builder_build(b, &client, NULL), VMR_OK);
    CHECK_RC(vmr_call_new("list-domains", &call, NULL), VMR_OK);
    if (c->format) {
        CHECK_RC(vmr_call_format(call, c->format, NULL), VMR_OK);
    }

    double started = now_seconds();
    vmr_result rc = vmr_client_run(client, call, &response, &err);
    double elapsed = now_seconds() - started;

    if (!CHECK_RC(rc, expected)) {
        fprintf(stderr, "      %s over %s: %s error: %s\n", c->fault, transport,
                vmr_error_kind(err), vmr_error_message(err));
    }
    CHECK(response == NULL);
    CHECK(vmr_error_code(err) == expected);
    CHECK_STR(vmr_error_kind(err), c->kind);
    CHECK_STR(vmr_result_name((int)rc), vj_string(row, "c_result"));
    if (c->http_status && !CHECK(vmr_error_http_status(err) == c->http_status)) {
        fprintf(stderr, "      %s over %s: HTTP status %d\n", c->fault, transport,
                vmr_error_http_status(err));
    }
    if (!CHECK(elapsed < 2.0 * (double)c->timeout_ms / 1000.0)) {
        fprintf(stderr, "      %s over %s took %.2f s, timeout %.1f s\n", c->fault, transport,
                elapsed, (double)c->timeout_ms / 1000.0);
    }
    vmr_error_free(err);
    vmr_response_free(response);
    vmr_call_free(call);
    vmr_client_free(client);
    vmr_client_builder_free(b);
}

/* The number of API requests the plain server logged since its last reset. */
static long logged_requests(void) {
    vj_value *log = vt_server_control(&plain_server, "/_testserver/requests");
    long n = log && log->type == VJ_ARRAY ? (long)log->count : -1;
    vj_free(log);
    return n;
}

static void set_knobs(const char *query) {
    char path[256];
    snprintf(path, sizeof path, "/_testserver/knobs?%s", query);
    vj_value *reply = vt_server_control(&plain_server, path);
    CHECK(reply != NULL && vj_get(reply, "error") == NULL);
    vj_free(reply);
}

static void every_fault_over_plain_http_is_its_kind_within_the_deadline(void) {
    for (size_t i = 0; i < CASES; i++) {
        const fault_case *c = &cases[i];
        char url[160], knobs[128];
        vj_free(vt_server_control(&plain_server, "/_testserver/reset"));
        if (strcmp(c->fault, "closed-port") == 0) {
            closed_port_url("http", url, sizeof url);
        } else {
            snprintf(url, sizeof url, "%s", plain_server.url);
            snprintf(knobs, sizeof knobs, "fault=%s&huge_mb=8&trickle_ms=1000", c->fault);
            set_knobs(knobs);
        }
        expect_fault(c, url, NULL, plain_server.password, "http");
        if (strcmp(c->fault, "redirect") == 0) {
            /* not followed: the credentials never went to the other host */
            CHECK(logged_requests() == 1);
        }
    }
    set_knobs("fault=none");
}

static void every_fault_over_tls_is_its_kind_within_the_deadline(void) {
    for (size_t i = 0; i < CASES; i++) {
        const fault_case *c = &cases[i];
        if (strcmp(c->fault, "closed-port") == 0) {
            char url[160];
            closed_port_url("https", url, sizeof url);
            expect_fault(c, url, NULL, "unused-pw", "https");
            continue;
        }
        const char *args[] = {"--fault", c->fault, "--huge-mb", "8", NULL};
        vt_server server;
        if (!CHECK(vt_server_start(&server, args) == 0)) {
            continue;
        }
        expect_fault(c, server.url, server.fingerprint, server.password, "https");
        vt_server_stop(&server);
    }
}

static void the_table_covers_every_fault_and_only_kinds_of_the_contract(void) {
    static const char *const server_faults[] = {
        "close-before-headers", "reset-after-headers", "close-mid-body", "truncate", "garbage",
        "html-error", "status-500", "redirect", "huge", "trickle", "stall",
    };
    for (size_t f = 0; f < sizeof server_faults / sizeof server_faults[0]; f++) {
        int found = 0;
        for (size_t i = 0; i < CASES; i++) {
            found |= strcmp(cases[i].fault, server_faults[f]) == 0;
        }
        if (!CHECK(found)) {
            fprintf(stderr, "      no case for %s\n", server_faults[f]);
        }
    }
    for (size_t i = 0; i < CASES; i++) {
        CHECK(kind_row(cases[i].kind) != NULL);
    }
}

int main(void) {
    static const char *const plain_args[] = {"--seed", "--plain", NULL};
    kinds_table = vj_parse_file(vt_repo_path("tests/contract/error_kinds.json"));
    if (!kinds_table || vt_server_start(&plain_server, plain_args) != 0) {
        fprintf(stderr, "cannot read the contract table or start the test server\n");
        vj_free(kinds_table);
        return 2;
    }
    RUN(the_table_covers_every_fault_and_only_kinds_of_the_contract);
    RUN(every_fault_over_plain_http_is_its_kind_within_the_deadline);
    RUN(every_fault_over_tls_is_its_kind_within_the_deadline);
    vt_server_stop(&plain_server);
    vj_free(kinds_table);
    return vt_summary();
}
