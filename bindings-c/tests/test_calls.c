/*
 * The ABI against the test server: listings and their records, a create/list/delete round trip,
 * the flags as they reach the wire, every error kind of the contract table from the case that
 * should raise it, TLS by pin, CA file and CA PEM, fingerprints, and one client shared by many
 * threads.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static vt_server tls_server;   /* self-signed, seeded: the usual Webmin */
static vt_server plain_server; /* plain HTTP, seeded: control endpoints readable, knobs */

/* Runs `call` and returns the response, or NULL with the error reported. */
static vmr_response *run_ok(vmr_client *client, vmr_call *call) {
    vmr_response *response = NULL;
    vmr_error *err = NULL;
    if (!CHECK_RC(vmr_client_run(client, call, &response, &err), VMR_OK)) {
        fprintf(stderr, "      %s error: %s\n", vmr_error_kind(err), vmr_error_message(err));
    }
    vmr_error_free(err);
    return response;
}

/* Runs `call` expecting failure; returns the error for the caller to check and free. */
static vmr_error *run_failing(vmr_client *client, vmr_call *call, vmr_result expected) {
    vmr_response *response = NULL;
    vmr_error *err = NULL;
    CHECK_RC(vmr_client_run(client, call, &response, &err), expected);
    CHECK(response == NULL);
    CHECK(err != NULL);
    vmr_response_free(response);
    return err;
}

static vmr_call *new_call(const char *program) {
    vmr_call *call = NULL;
    CHECK_RC(vmr_call_new(program, &call, NULL), VMR_OK);
    return call;
}

/* Sets the server's fault knob (and delay); "none" clears it. */
static void set_knobs(const char *query) {
    char path[256];
    snprintf(path, sizeof path, "/_testserver/knobs?%s", query);
    vj_value *reply = vt_server_control(&plain_server, path);
    CHECK(reply != NULL && vj_get(reply, "error") == NULL);
    vj_free(reply);
}

/* The index of the record named `name`, or -1. */
static long record_index(vmr_response *response, const char *name) {
    size_t count = 0;
    CHECK_RC(vmr_response_record_count(response, &count, NULL), VMR_OK);
    for (size_t i = 0; i < count; i++) {
        const char *n = NULL;
        CHECK_RC(vmr_response_record_name(response, i, &n, NULL), VMR_OK);
        if (n && strcmp(n, name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

static void list_domains_gives_one_record_per_seeded_domain(void) {
    vmr_client *client = vt_client(&tls_server, "root", tls_server.password);
    vmr_call *call = new_call("list-domains");
    CHECK_RC(vmr_call_flag(call, "multiline", NULL), VMR_OK);
    vmr_response *r = run_ok(client, call);
    if (r) {
        const char *text = NULL, *output = "untouched";
        int exit_status = 0;
        CHECK_RC(vmr_response_program(r, &text, NULL), VMR_OK);
        CHECK_STR(text, "list-domains");
        CHECK_RC(vmr_response_status(r, &text, NULL), VMR_OK);
        CHECK_STR(text, "success");
        CHECK_RC(vmr_response_format(r, &text, NULL), VMR_OK);
        CHECK_STR(text, "json");
        CHECK_RC(vmr_response_exit_status(r, &exit_status, NULL), VMR_OK);
        CHECK(exit_status == -1);
        CHECK_RC(vmr_response_output(r, &output, NULL), VMR_OK);
        CHECK(output == NULL);
        CHECK_RC(vmr_response_data_json(r, &text, NULL), VMR_OK);
        CHECK(text && text[0] == '[' && vt_contains(text, "\"example.com\""));

        long i = record_index(r, "example.com");
        CHECK(i >= 0 && record_index(r, "test.org") >= 0);
        size_t keys = 0, values = 0;
        const char *key = NULL, *previous = "", *value = NULL;
        CHECK_RC(vmr_response_record_key_count(r, (size_t)i, &keys, NULL), VMR_OK);
        CHECK(keys > 3);
        for (size_t k = 0; k < keys; k++) {
            CHECK_RC(vmr_response_record_key(r, (size_t)i, k, &key, NULL), VMR_OK);
            CHECK(strcmp(previous, key) < 0); /* sorted */
            previous = key;
        }
        CHECK_RC(vmr_response_record_value_count(r, (size_t)i, "username", &values, NULL), VMR_OK);
        CHECK(values == 1);
        CHECK_RC(vmr_response_record_value(r, (size_t)i, "username", 0, &value, NULL), VMR_OK);
        CHECK(value != NULL && value[0] != '\0');
        CHECK_RC(vmr_response_record_value_count(r, (size_t)i, "no_such_key", &values, NULL),
                 VMR_OK);
        CHECK(values == 0);
    }
    vmr_response_free(r);
    vmr_call_free(call);
    vmr_client_free(client);
}

static void response_accessors_refuse_null_and_out_of_range(void) {
    vmr_client *client = vt_client(&tls_server, "root", tls_server.password);
    vmr_call *call = new_call("list-domains");
    vmr_response *r = run_ok(client, call);
    vmr_error *err = NULL;
    const char *text = "untouched";
    size_t count = 0, n = 12345;
    int status = 7;
    CHECK_RC(vmr_response_record_count(r, &count, NULL), VMR_OK);

    CHECK_RC(vmr_response_program(NULL, &text, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_program(r, NULL, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_status(NULL, &text, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_format(NULL, &text, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_exit_status(NULL, &status, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_exit_status(r, NULL, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_data_json(NULL, &text, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_output(r, NULL, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_record_count(NULL, &n, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_record_name(NULL, 0, &text, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_record_key_count(r, 0, NULL, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_record_key(NULL, 0, 0, &text, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_record_value_count(r, 0, NULL, &n, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_record_value(r, 0, NULL, 0, &text, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_record_value_count(r, 0, "\xc3(", &n, NULL), VMR_ERR_USAGE);

    CHECK_RC(vmr_response_record_name(r, count, &text, &err), VMR_ERR_USAGE);
    CHECK(vt_contains(vmr_error_message(err), "out of range"));
    vmr_error_free(err);
    err = NULL;
    CHECK_RC(vmr_response_record_key(r, 0, 100000, &text, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_record_value_count(r, count, "username", &n, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_record_value(r, 0, "username", 99, &text, NULL), VMR_ERR_USAGE);
    CHECK_RC(vmr_response_record_value(r, 0, "no_such_key", 0, &text, &err), VMR_ERR_USAGE);
    CHECK(vt_contains(vmr_error_message(err), "no key"));
    vmr_error_free(err);

    CHECK_STR(text, "untouched");
    CHECK(n == 12345 && status == 7);
    vmr_response_free(r);
    vmr_call_free(call);
    vmr_client_free(client);
}

static void alias_round_trip_keeps_repeated_destinations(void) {
    vmr_client *client = vt_client(&tls_server, "root", tls_server.password);
    vmr_call *create = new_call("create-alias");
    CHECK_RC(vmr_call_arg(create, "domain", "example.com", NULL), VMR_OK);
    CHECK_RC(vmr_call_arg(create, "from", "sales-c", NULL), VMR_OK);
    CHECK_RC(vmr_call_arg(create, "to", "alice@example.net", NULL), VMR_OK);
    CHECK_RC(vmr_call_arg(create, "to", "bob@example.net", NULL), VMR_OK);
    vmr_response *r = run_ok(client, create);
    const char *output = NULL;
    if (r) {
        CHECK_RC(vmr_response_output(r, &output, NULL), VMR_OK);
        CHECK(vt_contains(output, "sales-c@example.com"));
    }
    vmr_response_free(r);

    vmr_call *list = new_call("list-aliases");
    CHECK_RC(vmr_call_arg(list, "domain", "example.com", NULL), VMR_OK);
    CHECK_RC(vmr_call_flag(list, "multiline", NULL), VMR_OK);
    r = run_ok(client, list);
    long i = r ? record_index(r, "sales-c@example.com") : -1;
    if (CHECK(i >= 0)) {
        size_t n = 0;
        const char *first = NULL, *second = NULL;
        CHECK_RC(vmr_response_record_value_count(r, (size_t)i, "to", &n, NULL), VMR_OK);
        CHECK(n == 2);
        CHECK_RC(vmr_response_record_value(r, (size_t)i, "to", 0, &first, NULL), VMR_OK);
        CHECK_RC(vmr_response_record_value(r, (size_t)i, "to", 1, &second, NULL), VMR_OK);
        CHECK_STR(first, "alice@example.net");
        CHECK_STR(second, "bob@example.net");
    }
    vmr_response_free(r);

    /* creating it again fails as the program says, and deleting it works once */
    vmr_error *err = run_failing(client, create, VMR_ERR_PROGRAM);
    CHECK(vt_contains(vmr_error_error_line(err), "already exists"));
    vmr_error_free(err);
    vmr_call *del = new_call("delete-alias");
    CHECK_RC(vmr_call_arg(del, "domain", "example.com", NULL), VMR_OK);
    CHECK_RC(vmr_call_arg(del, "from", "sales-c", NULL), VMR_OK);
    vmr_response_free(run_ok(client, del));
    vmr_error_free(run_failing(client, del, VMR_ERR_PROGRAM));

    vmr_call_free(del);
    vmr_call_free(list);
    vmr_call_free(create);
    vmr_client_free(client);
}

static void text_format_carries_the_exit_status(void) {
    vmr_client *client = vt_client(&tls_server, "root", tls_server.password);
    vmr_call *call = new_call("list-domains");
    CHECK_RC(vmr_call_flag(call, "name-only", NULL), VMR_OK);
    CHECK_RC(vmr_call_format(call, "text", NULL), VMR_OK);
    vmr_response *r = run_ok(client, call);
    if (r) {
        const char *format = NULL, *json = NULL;
        int exit_status = -5;
        CHECK_RC(vmr_response_format(r, &format, NULL), VMR_OK);
        CHECK_STR(format, "text");
        CHECK_RC(vmr_response_exit_status(r, &exit_status, NULL), VMR_OK);
        CHECK(exit_status == 0);
        CHECK_RC(vmr_response_data_json(r, &json, NULL), VMR_OK);
        CHECK(vt_contains(json, "\"example.com\"") && vt_contains(json, "\"test.org\""));
    }
    vmr_response_free(r);
    vmr_call_free(call);
    vmr_client_free(client);
}

/* The last API request the plain server saw. Free with vj_free. */
static vj_value *last_request(void) {
    return vt_server_control(&plain_server, "/_testserver/requests");
}

static void bare_and_repeated_flags_reach_the_wire_in_order(void) {
    vmr_client *client = vt_client(&plain_server, "root", plain_server.password);
    vmr_call *call = new_call("list-domains");
    CHECK_RC(vmr_call_arg(call, "domain", "example.com", NULL), VMR_OK);
    CHECK_RC(vmr_call_arg(call, "domain", "test.org", NULL), VMR_OK);
    CHECK_RC(vmr_call_flag(call, "name-only", NULL), VMR_OK);
    vmr_response_free(run_ok(client, call));

    vj_value *log = last_request();
    const vj_value *entry = log && log->count > 0 ? log->items[log->count - 1] : NULL;
    CHECK_STR(vj_string(entry, "method"), "POST");
    CHECK_STR(vj_string(entry, "body"),
              "program=list-domains&domain=example.com&domain=test.org&name-only=&json=1");
    CHECK_STR(vj_string(entry, "auth_user"), "root");
    vj_free(log);
    vmr_call_free(call);
    vmr_client_free(client);
}

static void get_sends_everything_in_the_query_and_nothing_in_a_body(void) {
    vmr_client_builder *b = NULL;
    vmr_client *client = NULL;
    CHECK_RC(vmr_client_builder_new(plain_server.url, &b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_credentials(b, "root", plain_server.password, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_method(b, "GET", NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_build(b, &client, NULL), VMR_OK);
    vmr_call *call = new_call("list-domains");
    CHECK_RC(vmr_call_flag(call, "name-only", NULL), VMR_OK);
    vmr_response_free(run_ok(client, call));

    vj_value *log = last_request();
    const vj_value *entry = log && log->count > 0 ? log->items[log->count - 1] : NULL;
    CHECK_STR(vj_string(entry, "method"), "GET");
    CHECK_STR(vj_string(entry, "query"), "program=list-domains&name-only=&json=1");
    CHECK(vj_get(entry, "body") != NULL && vj_get(entry, "body")->type == VJ_NULL);
    vj_free(log);
    vmr_call_free(call);
    vmr_client_free(client);
    vmr_client_builder_free(b);
}

/* ---- every kind of the contract table --------------------------------------------------- */

/* A call that fails as `kind` says; returns its error. */
typedef vmr_error *(*scenario)(vmr_result expected);

static vmr_error *usage_scenario(vmr_result expected) {
    vmr_client *client = vt_client(&plain_server, "root", plain_server.password);
    vmr_call *call = new_call("list-domains");
    CHECK_RC(vmr_call_flag(call, "Multiline", NULL), VMR_OK);
    vmr_error *err = run_failing(client, call, expected);
    CHECK_STR(vmr_error_flag(err), "Multiline");
    vmr_call_free(call);
    vmr_client_free(client);
    return err;
}

/* Runs list-domains as root on the plain server under a fault knob. */
static vmr_error *faulty_call(const char *knobs, uint64_t timeout_ms, vmr_result expected) {
    vmr_client_builder *b = NULL;
    vmr_client *client = NULL;
    set_knobs(knobs);
    CHECK_RC(vmr_client_builder_new(plain_server.url, &b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_credentials(b, "root", plain_server.password, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_timeout_ms(b, timeout_ms, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_build(b, &client, NULL), VMR_OK);
    vmr_call *call = new_call("list-domains");
    vmr_error *err = run_failing(client, call, expected);
    set_knobs("fault=none&delay_ms=0");
    vmr_call_free(call);
    vmr_client_free(client);
    vmr_client_builder_free(b);
    return err;
}

static vmr_error *connect_scenario(vmr_result expected) {
    return faulty_call("fault=close-before-headers", 10000, expected);
}

static vmr_error *timeout_scenario(vmr_result expected) {
    return faulty_call("fault=stall", 1500, expected);
}

static vmr_error *tls_scenario(vmr_result expected) {
    /* the system's roots do not know the self-signed certificate */
    vmr_client_builder *b = NULL;
    vmr_client *client = NULL;
    CHECK_RC(vmr_client_builder_new(tls_server.url, &b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_credentials(b, "root", tls_server.password, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_build(b, &client, NULL), VMR_OK);
    vmr_call *call = new_call("list-domains");
    vmr_error *err = run_failing(client, call, expected);
    vmr_call_free(call);
    vmr_client_free(client);
    vmr_client_builder_free(b);
    return err;
}

static vmr_error *auth_scenario(vmr_result expected) {
    vmr_client *client = vt_client(&tls_server, "root", "Wrong-pw-4411");
    vmr_call *call = new_call("list-domains");
    vmr_error *err = run_failing(client, call, expected);
    CHECK(vmr_error_http_status(err) == 401);
    CHECK(!vt_contains(vmr_error_message(err), "Wrong-pw-4411"));
    vmr_call_free(call);
    vmr_client_free(client);
    return err;
}

static vmr_error *blocked_scenario(vmr_result expected) {
    static const char *const args[] = {"--block-after", "2", NULL};
    vt_server server;
    vmr_error *err = NULL;
    if (!CHECK(vt_server_start(&server, args) == 0)) {
        return NULL;
    }
    vmr_client *wrong = vt_client(&server, "root", "Wrong-pw-4411");
    vmr_client *right = vt_client(&server, "root", server.password);
    vmr_call *call = new_call("list-domains");
    vmr_response *none = NULL;
    vmr_error_free(run_failing(wrong, call, VMR_ERR_AUTH));
    /* the second failure reaches the limit: whatever it says, the address is blocked after it */
    CHECK(vmr_client_run(wrong, call, &none, NULL) != VMR_OK);
    err = run_failing(right, call, expected);
    CHECK(vmr_error_http_status(err) == 403);
    vmr_call_free(call);
    vmr_client_free(right);
    vmr_client_free(wrong);
    vt_server_stop(&server);
    return err;
}

static vmr_error *refused_scenario(vmr_result expected) {
    vmr_client *client = vt_client(&tls_server, "vmlimited", tls_server.password);
    vmr_call *call = new_call("list-domains");
    vmr_error *err = run_failing(client, call, expected);
    vmr_call_free(call);
    vmr_client_free(client);
    return err;
}

static vmr_error *program_scenario(vmr_result expected) {
    vmr_client *client = vt_client(&tls_server, "root", tls_server.password);
    vmr_call *call = new_call("create-alias");
    CHECK_RC(vmr_call_arg(call, "domain", "nosuch.example", NULL), VMR_OK);
    CHECK_RC(vmr_call_arg(call, "from", "info", NULL), VMR_OK);
    CHECK_RC(vmr_call_arg(call, "to", "a@example.net", NULL), VMR_OK);
    vmr_error *err = run_failing(client, call, expected);
    CHECK_STR(vmr_error_error_line(err), "Virtual server nosuch.example does not exist");
    CHECK(vt_contains(vmr_error_output(err), "nosuch.example"));
    CHECK(vt_contains(vmr_error_message(err), "create-alias"));

    /* plain text carries the raw wait status */
    vmr_error *text_err = NULL;
    vmr_response *r = NULL;
    CHECK_RC(vmr_call_format(call, "text", NULL), VMR_OK);
    CHECK_RC(vmr_client_run(client, call, &r, &text_err), VMR_ERR_PROGRAM);
    CHECK(vmr_error_exit_status(text_err) == 256);
    vmr_error_free(text_err);
    vmr_call_free(call);
    vmr_client_free(client);
    return err;
}

static vmr_error *http_scenario(vmr_result expected) {
    vmr_error *err = faulty_call("fault=status-500", 10000, expected);
    CHECK(vmr_error_http_status(err) == 500);
    return err;
}

static vmr_error *protocol_scenario(vmr_result expected) {
    return faulty_call("fault=garbage", 10000, expected);
}

static const struct {
    const char *kind;
    scenario make;
} scenarios[] = {
    {"Usage", usage_scenario},     {"Connect", connect_scenario},
    {"Timeout", timeout_scenario}, {"Tls", tls_scenario},
    {"Auth", auth_scenario},       {"Blocked", blocked_scenario},
    {"Refused", refused_scenario}, {"ProgramFailed", program_scenario},
    {"Http", http_scenario},       {"Protocol", protocol_scenario},
};

static void every_error_kind_reaches_c_as_the_contract_table_says(void) {
    vj_value *table = vj_parse_file(vt_repo_path("tests/contract/error_kinds.json"));
    const vj_value *kinds = vj_get(table, "kinds");
    size_t covered = 0;
    for (size_t i = 0; kinds && i < kinds->count; i++) {
        const char *kind = vj_string(kinds->items[i], "kind");
        const vj_value *value = vj_get(kinds->items[i], "c_value");
        for (size_t j = 0; j < sizeof scenarios / sizeof scenarios[0]; j++) {
            if (!kind || strcmp(scenarios[j].kind, kind) != 0) {
                continue;
            }
            vmr_result expected = (vmr_result)(int)value->number;
            vmr_error *err = scenarios[j].make(expected);
            if (!CHECK(vmr_error_code(err) == expected)) {
                fprintf(stderr, "      %s: got %s error: %s\n", kind, vmr_error_kind(err),
                        vmr_error_message(err));
            }
            CHECK_STR(vmr_error_kind(err), kind);
            CHECK_STR(vmr_result_name((int)vmr_error_code(err)),
                      vj_string(kinds->items[i], "c_result"));
            CHECK(!vt_contains(vmr_error_message(err), tls_server.password));
            vmr_error_free(err);
            covered++;
        }
    }
    CHECK(kinds != NULL && covered == kinds->count);
    vj_free(table);
}

static void twofa_accounts_carry_the_servers_reason(void) {
    vmr_client *client = vt_client(&tls_server, "twofa", tls_server.password);
    vmr_call *call = new_call("list-domains");
    vmr_error *err = run_failing(client, call, VMR_ERR_AUTH);
    CHECK_STR(vmr_error_reason(err), "twofactor-required");
    vmr_error_free(err);
    vmr_call_free(call);
    vmr_client_free(client);
}

static void unknown_programs_and_users_without_the_module_are_refused(void) {
    vmr_client *root = vt_client(&tls_server, "root", tls_server.password);
    vmr_client *nomodule = vt_client(&tls_server, "nomodule", tls_server.password);
    vmr_call *unknown = new_call("no-such-program");
    vmr_call *list = new_call("list-domains");
    vmr_error_free(run_failing(root, unknown, VMR_ERR_REFUSED));
    vmr_error_free(run_failing(nomodule, list, VMR_ERR_REFUSED));
    vmr_call_free(list);
    vmr_call_free(unknown);
    vmr_client_free(nomodule);
    vmr_client_free(root);
}

static void a_wrong_pin_is_a_tls_error(void) {
    vmr_client_builder *b = NULL;
    vmr_client *client = NULL;
    CHECK_RC(vmr_client_builder_new(tls_server.url, &b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_fingerprint(b,
                 "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                 "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF", NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_build(b, &client, NULL), VMR_OK);
    vmr_call *call = new_call("list-domains");
    vmr_error_free(run_failing(client, call, VMR_ERR_TLS));
    vmr_call_free(call);
    vmr_client_free(client);
    vmr_client_builder_free(b);
}

static void fingerprint_matches_the_servers_start_line(void) {
    char fingerprint[VMR_FINGERPRINT_SIZE];
    vmr_error *err = NULL;
    if (!CHECK_RC(vmr_fingerprint(tls_server.url, 10000, fingerprint, sizeof fingerprint, &err),
                  VMR_OK)) {
        fprintf(stderr, "      %s\n", vmr_error_message(err));
    }
    vmr_error_free(err);
    CHECK_STR(fingerprint, tls_server.fingerprint);
    CHECK(strlen(fingerprint) == VMR_FINGERPRINT_SIZE - 1);
}

static void insecure_mode_talks_to_any_certificate(void) {
    vmr_client_builder *b = NULL;
    vmr_client *client = NULL;
    CHECK_RC(vmr_client_builder_new(tls_server.url, &b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_credentials(b, "root", tls_server.password, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_insecure(b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_build(b, &client, NULL), VMR_OK);
    vmr_call *call = new_call("list-domains");
    vmr_response_free(run_ok(client, call));
    vmr_call_free(call);
    vmr_client_free(client);
    vmr_client_builder_free(b);
}

static void a_ca_signed_server_is_trusted_by_ca_file_and_by_pem(void) {
    static const char *const args[] = {"--cert", "ca-signed", "--seed", NULL};
    vt_server server;
    if (!CHECK(vt_server_start(&server, args) == 0) || !CHECK(server.ca_file[0] != '\0')) {
        vt_server_stop(&server);
        return;
    }
    FILE *f = fopen(server.ca_file, "rb");
    static uint8_t pem[16384];
    size_t pem_len = f ? fread(pem, 1, sizeof pem, f) : 0;
    if (f) {
        fclose(f);
    }
    CHECK(pem_len > 0);

    for (int by_pem = 0; by_pem <= 1; by_pem++) {
        vmr_client_builder *b = NULL;
        vmr_client *client = NULL;
        CHECK_RC(vmr_client_builder_new(server.url, &b, NULL), VMR_OK);
        CHECK_RC(vmr_client_builder_credentials(b, "root", server.password, NULL), VMR_OK);
        if (by_pem) {
            CHECK_RC(vmr_client_builder_ca_pem(b, pem, pem_len, NULL), VMR_OK);
        } else {
            CHECK_RC(vmr_client_builder_ca_file(b, server.ca_file, NULL), VMR_OK);
        }
        CHECK_RC(vmr_client_builder_build(b, &client, NULL), VMR_OK);
        vmr_call *call = new_call("list-domains");
        vmr_response *r = run_ok(client, call);
        CHECK(r != NULL && record_index(r, "example.com") >= 0);
        vmr_response_free(r);
        vmr_call_free(call);
        vmr_client_free(client);
        vmr_client_builder_free(b);
    }
    vt_server_stop(&server);
}

/* ---- threads ----------------------------------------------------------------------------- */

enum { THREADS = 4, CALLS_PER_THREAD = 2 };

static void *run_calls(void *arg) {
    vmr_client *client = arg;
    vmr_call *call = NULL;
    long failures = 0;
    if (vmr_call_new("list-domains", &call, NULL) != VMR_OK) {
        return (void *)1;
    }
    for (int i = 0; i < CALLS_PER_THREAD; i++) {
        vmr_response *r = NULL;
        failures += vmr_client_run(client, call, &r, NULL) != VMR_OK;
        vmr_response_free(r);
    }
    vmr_call_free(call);
    return (void *)failures;
}

static void one_client_runs_calls_from_many_threads_at_once(void) {
    vmr_client *client = vt_client(&plain_server, "root", plain_server.password);
    pthread_t threads[THREADS];
    /* NB: a reset also clears the knobs, so the delay is set after it. */
    vj_free(vt_server_control(&plain_server, "/_testserver/reset?seed=1"));
    set_knobs("delay_ms=300");
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_create(&threads[i], NULL, run_calls, client) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        void *failures = NULL;
        pthread_join(threads[i], &failures);
        CHECK(failures == NULL);
    }
    set_knobs("delay_ms=0");
    vj_value *stats = vt_server_control(&plain_server, "/_testserver/stats");
    const vj_value *peak = vj_get(stats, "max_in_flight");
    const vj_value *requests = vj_get(stats, "api_requests");
    CHECK(peak != NULL && peak->number >= 2);
    CHECK(requests != NULL && (int)requests->number == THREADS * CALLS_PER_THREAD);
    vj_free(stats);
    vmr_client_free(client);
}

int main(void) {
    static const char *const tls_args[] = {"--seed", NULL};
    static const char *const plain_args[] = {"--seed", "--plain", NULL};
    vt_add_secret("Wrong-pw-4411"); /* the wrong password the Auth cases send */
    if (vt_server_start(&tls_server, tls_args) != 0 ||
        vt_server_start(&plain_server, plain_args) != 0) {
        fprintf(stderr, "cannot start the test server\n");
        return 2;
    }
    RUN(list_domains_gives_one_record_per_seeded_domain);
    RUN(response_accessors_refuse_null_and_out_of_range);
    RUN(alias_round_trip_keeps_repeated_destinations);
    RUN(text_format_carries_the_exit_status);
    RUN(bare_and_repeated_flags_reach_the_wire_in_order);
    RUN(get_sends_everything_in_the_query_and_nothing_in_a_body);
    RUN(every_error_kind_reaches_c_as_the_contract_table_says);
    RUN(twofa_accounts_carry_the_servers_reason);
    RUN(unknown_programs_and_users_without_the_module_are_refused);
    RUN(a_wrong_pin_is_a_tls_error);
    RUN(fingerprint_matches_the_servers_start_line);
    RUN(insecure_mode_talks_to_any_certificate);
    RUN(a_ca_signed_server_is_trusted_by_ca_file_and_by_pem);
    RUN(one_client_runs_calls_from_many_threads_at_once);
    vt_server_stop(&plain_server);
    vt_server_stop(&tls_server);
    return vt_summary();
}
