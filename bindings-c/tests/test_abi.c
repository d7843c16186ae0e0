/*
 * The ABI without a server: result codes against the contract table, the encodings table
 * through previews, every option of the builder, and the behaviour of every function given
 * NULL, bad UTF-8 or a bad index. Nothing here opens a connection except the fingerprint of a
 * closed port.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static const char BAD_UTF8[] = "\xff\xfe";

/*
 * A usage error that the function's message explains; frees the error and clears `*errp`. The
 * error is read through a pointer because the call that makes it is an argument of this one.
 */
static void expect_usage(vmr_result rc, vmr_error **errp, const char *mentions) {
    vmr_error *err = *errp;
    *errp = NULL;
    CHECK_RC(rc, VMR_ERR_USAGE);
    CHECK(err != NULL);
    CHECK(vmr_error_code(err) == VMR_ERR_USAGE);
    CHECK_STR(vmr_error_kind(err), "Usage");
    if (!vt_contains(vmr_error_message(err), mentions)) {
        CHECK(!"the message names the problem");
        fprintf(stderr, "      message \"%s\" lacks \"%s\"\n", vmr_error_message(err), mentions);
    }
    vmr_error_free(err);
}

/* A client with no credentials for a server that is never contacted. */
static vmr_client *offline_client(const char *method, int auto_multiline) {
    vmr_client_builder *b = NULL;
    vmr_client *client = NULL;
    CHECK_RC(vmr_client_builder_new("https://127.0.0.1:9", &b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_credentials(b, "root", "Sekrit-pw-123", NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_insecure(b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_auto_multiline(b, auto_multiline != 0, NULL), VMR_OK);
    if (method) {
        CHECK_RC(vmr_client_builder_method(b, method, NULL), VMR_OK);
    }
    CHECK_RC(vmr_client_builder_build(b, &client, NULL), VMR_OK);
    vmr_client_builder_free(b);
    return client;
}

static void result_codes_match_the_contract_table(void) {
    static const struct {
        vmr_result code;
        const char *name;
    } header[] = {
        {VMR_ERR_USAGE, "VMR_ERR_USAGE"},       {VMR_ERR_CONNECT, "VMR_ERR_CONNECT"},
        {VMR_ERR_TIMEOUT, "VMR_ERR_TIMEOUT"},   {VMR_ERR_TLS, "VMR_ERR_TLS"},
        {VMR_ERR_AUTH, "VMR_ERR_AUTH"},         {VMR_ERR_BLOCKED, "VMR_ERR_BLOCKED"},
        {VMR_ERR_REFUSED, "VMR_ERR_REFUSED"},   {VMR_ERR_PROGRAM, "VMR_ERR_PROGRAM"},
        {VMR_ERR_HTTP, "VMR_ERR_HTTP"},         {VMR_ERR_PROTOCOL, "VMR_ERR_PROTOCOL"},
    };
    vj_value *table = vj_parse_file(vt_repo_path("tests/contract/error_kinds.json"));
    const vj_value *kinds = vj_get(table, "kinds");
    if (!CHECK(kinds != NULL && kinds->count == sizeof header / sizeof header[0])) {
        vj_free(table);
        return;
    }
    for (size_t i = 0; i < kinds->count; i++) {
        const vj_value *row = kinds->items[i];
        const char *name = vj_string(row, "c_result");
        const vj_value *value = vj_get(row, "c_value");
        if (!CHECK(name != NULL && value != NULL && value->type == VJ_NUMBER)) {
            continue;
        }
        CHECK_STR(vmr_result_name((int)value->number), name);
        int found = 0;
        for (size_t j = 0; j < sizeof header / sizeof header[0]; j++) {
            if (strcmp(header[j].name, name) == 0) {
                found = 1;
                CHECK((int)header[j].code == (int)value->number);
            }
        }
        CHECK(found);
    }
    vj_free(table);

    CHECK(VMR_OK == 0);
    CHECK_STR(vmr_result_name(VMR_OK), "VMR_OK");
    CHECK_STR(vmr_result_name(VMR_ERR_PANIC), "VMR_ERR_PANIC");
    CHECK(VMR_ERR_PANIC == 900);
    CHECK(vmr_result_name(42) == NULL);
    CHECK(vmr_result_name(-1) == NULL);
}

static void version_is_a_static_dotted_string(void) {
    const char *v = vmr_version();
    CHECK(v != NULL && strchr(v, '.') != NULL);
    CHECK(v == vmr_version());
}

static void free_functions_accept_null(void) {
    vmr_client_builder_free(NULL);
    vmr_client_free(NULL);
    vmr_call_free(NULL);
    vmr_response_free(NULL);
    vmr_preview_free(NULL);
    vmr_error_free(NULL);
    CHECK(1);
}

static void error_accessors_given_null_return_nothing(void) {
    CHECK(vmr_error_code(NULL) == VMR_OK);
    CHECK_STR(vmr_error_kind(NULL), "");
    CHECK_STR(vmr_error_message(NULL), "");
    CHECK(vmr_error_flag(NULL) == NULL);
    CHECK(vmr_error_http_status(NULL) == 0);
    CHECK(vmr_error_exit_status(NULL) == -1);
    CHECK(vmr_error_error_line(NULL) == NULL);
    CHECK(vmr_error_output(NULL) == NULL);
    CHECK(vmr_error_reason(NULL) == NULL);
}

static void null_arguments_are_usage_errors_and_leave_out_params_alone(void) {
    vmr_error *err = NULL;
    vmr_client_builder *b = NULL;
    vmr_client_builder *sentinel_b = (vmr_client_builder *)&err;
    vmr_call *call = NULL;
    vmr_client *client = offline_client(NULL, 1);

    /* builder */
    vmr_client_builder *kept = sentinel_b;
    expect_usage(vmr_client_builder_new(NULL, &kept, &err), &err, "url is NULL");
    CHECK(kept == sentinel_b);
    expect_usage(vmr_client_builder_new("https://h", NULL, &err), &err, "builder_out is NULL");
    CHECK_RC(vmr_client_builder_new("https://h", &b, &err), VMR_OK);
    CHECK(err == NULL);
    expect_usage(vmr_client_builder_credentials(NULL, "u", "p", &err), &err, "builder is NULL");
    expect_usage(vmr_client_builder_credentials(b, NULL, "p", &err), &err, "user is NULL");
    expect_usage(vmr_client_builder_credentials(b, "u", NULL, &err), &err, "password is NULL");
    expect_usage(vmr_client_builder_verify(NULL, &err), &err, "builder is NULL");
    expect_usage(vmr_client_builder_fingerprint(b, NULL, &err), &err, "fingerprint is NULL");
    expect_usage(vmr_client_builder_ca_file(b, NULL, &err), &err, "path is NULL");
    expect_usage(vmr_client_builder_ca_pem(b, NULL, 0, &err), &err, "pem is NULL");
    expect_usage(vmr_client_builder_insecure(NULL, &err), &err, "builder is NULL");
    expect_usage(vmr_client_builder_timeout_ms(NULL, 1, &err), &err, "builder is NULL");
    expect_usage(vmr_client_builder_connect_timeout_ms(NULL, 1, &err), &err, "builder is NULL");
    expect_usage(vmr_client_builder_method(b, NULL, &err), &err, "method is NULL");
    expect_usage(vmr_client_builder_format(b, NULL, &err), &err, "format is NULL");
    expect_usage(vmr_client_builder_path(b, NULL, &err), &err, "path is NULL");
    expect_usage(vmr_client_builder_cloudmin(NULL, &err), &err, "builder is NULL");
    expect_usage(vmr_client_builder_max_reply_bytes(NULL, 1, &err), &err, "builder is NULL");
    expect_usage(vmr_client_builder_check_mode(b, NULL, &err), &err, "mode is NULL");
    expect_usage(vmr_client_builder_auto_multiline(NULL, true, &err), &err, "builder is NULL");
    vmr_client *kept_client = client;
    expect_usage(vmr_client_builder_build(NULL, &kept_client, &err), &err, "builder is NULL");
    CHECK(kept_client == client);
    expect_usage(vmr_client_builder_build(b, NULL, &err), &err, "client_out is NULL");

    /* without error_out the code still says it */
    CHECK_RC(vmr_client_builder_build(b, NULL, NULL), VMR_ERR_USAGE);
    vmr_client_builder_free(b);

    /* calls */
    expect_usage(vmr_call_new(NULL, &call, &err), &err, "program is NULL");
    CHECK(call == NULL);
    expect_usage(vmr_call_new("list-domains", NULL, &err), &err, "call_out is NULL");
    CHECK_RC(vmr_call_new("list-domains", &call, NULL), VMR_OK);
    expect_usage(vmr_call_arg(NULL, "domain", "x", &err), &err, "call is NULL");
    expect_usage(vmr_call_arg(call, NULL, "x", &err), &err, "name is NULL");
    expect_usage(vmr_call_arg(call, "domain", NULL, &err), &err, "value is NULL");
    expect_usage(vmr_call_flag(call, NULL, &err), &err, "name is NULL");
    expect_usage(vmr_call_flag(NULL, "multiline", &err), &err, "call is NULL");
    expect_usage(vmr_call_format(call, NULL, &err), &err, "format is NULL");

    /* client */
    vmr_response *response = (vmr_response *)&err;
    vmr_preview *preview = NULL;
    const char *text = "untouched";
    expect_usage(vmr_client_run(NULL, call, &response, &err), &err, "client is NULL");
    CHECK(response == (vmr_response *)&err);
    expect_usage(vmr_client_run(client, NULL, &response, &err), &err, "call is NULL");
    expect_usage(vmr_client_run(client, call, NULL, &err), &err, "response_out is NULL");
    expect_usage(vmr_client_preview(NULL, call, &preview, &err), &err, "client is NULL");
    expect_usage(vmr_client_preview(client, NULL, &preview, &err), &err, "call is NULL");
    expect_usage(vmr_client_preview(client, call, NULL, &err), &err, "preview_out is NULL");
    CHECK(preview == NULL);
    expect_usage(vmr_client_url(NULL, &text, &err), &err, "client is NULL");
    expect_usage(vmr_client_url(client, NULL, &err), &err, "url_out is NULL");
    expect_usage(vmr_client_user(NULL, &text, &err), &err, "client is NULL");
    expect_usage(vmr_client_user(client, NULL, &err), &err, "user_out is NULL");
    CHECK_STR(text, "untouched");

    /* previews */
    CHECK_RC(vmr_client_preview(client, call, &preview, NULL), VMR_OK);
    expect_usage(vmr_preview_text(NULL, &text, &err), &err, "preview is NULL");
    expect_usage(vmr_preview_text(preview, NULL, &err), &err, "out-parameter is NULL");
    expect_usage(vmr_preview_method(NULL, &text, &err), &err, "preview is NULL");
    expect_usage(vmr_preview_url(NULL, &text, &err), &err, "preview is NULL");
    expect_usage(vmr_preview_body(NULL, &text, &err), &err, "preview is NULL");
    expect_usage(vmr_preview_command_line(preview, NULL, &err), &err, "out-parameter is NULL");
    CHECK_STR(text, "untouched");

    vmr_preview_free(preview);
    vmr_call_free(call);
    vmr_client_free(client);
}

static void invalid_utf8_is_a_usage_error(void) {
    vmr_error *err = NULL;
    vmr_client_builder *b = NULL;
    vmr_call *call = NULL;

    expect_usage(vmr_client_builder_new(BAD_UTF8, &b, &err), &err, "url is not valid UTF-8");
    CHECK_RC(vmr_client_builder_new("https://h", &b, NULL), VMR_OK);
    expect_usage(vmr_client_builder_credentials(b, BAD_UTF8, "p", &err), &err, "user is not valid");
    expect_usage(vmr_client_builder_credentials(b, "u", BAD_UTF8, &err), &err,
                 "password is not valid UTF-8");
    expect_usage(vmr_client_builder_fingerprint(b, BAD_UTF8, &err), &err, "not valid UTF-8");
    expect_usage(vmr_client_builder_ca_file(b, BAD_UTF8, &err), &err, "not valid UTF-8");
    expect_usage(vmr_client_builder_method(b, BAD_UTF8, &err), &err, "not valid UTF-8");
    expect_usage(vmr_client_builder_format(b, BAD_UTF8, &err), &err, "not valid UTF-8");
    expect_usage(vmr_client_builder_path(b, BAD_UTF8, &err), &err, "not valid UTF-8");
    expect_usage(vmr_client_builder_check_mode(b, BAD_UTF8, &err), &err, "not valid UTF-8");
    vmr_client_builder_free(b);

    expect_usage(vmr_call_new(BAD_UTF8, &call, &err), &err, "program is not valid UTF-8");
    CHECK_RC(vmr_call_new("create-alias", &call, NULL), VMR_OK);
    expect_usage(vmr_call_arg(call, BAD_UTF8, "x", &err), &err, "name is not valid UTF-8");
    CHECK_RC(vmr_call_arg(call, "to", BAD_UTF8, &err), VMR_ERR_USAGE);
    CHECK_STR(vmr_error_flag(err), "to");
    CHECK(vt_contains(vmr_error_message(err), "value is not valid UTF-8 (flag --to)"));
    vmr_error_free(err);
    expect_usage(vmr_call_flag(call, BAD_UTF8, &err), &err, "name is not valid UTF-8");
    expect_usage(vmr_call_format(call, BAD_UTF8, &err), &err, "format is not valid UTF-8");
    vmr_call_free(call);
}

static void builder_setters_check_their_values_at_once(void) {
    vmr_error *err = NULL;
    vmr_client_builder *b = NULL;
    CHECK_RC(vmr_client_builder_new("https://127.0.0.1:9", &b, NULL), VMR_OK);

    expect_usage(vmr_client_builder_fingerprint(b, "AA:BB", &err), &err, "fingerprint");
    expect_usage(vmr_client_builder_ca_file(b, "/nonexistent/ca.pem", &err), &err,
                 "/nonexistent/ca.pem");
    expect_usage(vmr_client_builder_method(b, "PUT", &err), &err, "PUT");
    expect_usage(vmr_client_builder_format(b, "yaml", &err), &err, "yaml");
    expect_usage(vmr_client_builder_check_mode(b, "loud", &err), &err, "loud");

    /* the good values are taken, case-insensitively for the method */
    CHECK_RC(vmr_client_builder_method(b, "get", NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_method(b, "POST", NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_format(b, "json-minified", NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_check_mode(b, "strict", NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_fingerprint(b,
                 "2e:ba:d0:b5:71:98:37:60:98:9b:ec:ae:9b:d8:7d:03:"
                 "34:ae:bf:4a:a9:86:45:5b:42:dd:90:b7:6e:c0:46:46", NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_verify(b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_connect_timeout_ms(b, 2000, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_max_reply_bytes(b, 1 << 20, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_cloudmin(b, NULL), VMR_OK);

    vmr_client *client = NULL;
    CHECK_RC(vmr_client_builder_build(b, &client, NULL), VMR_OK);
    const char *url = NULL;
    CHECK_RC(vmr_client_url(client, &url, NULL), VMR_OK);
    CHECK_STR(url, "https://127.0.0.1:9/server-manager/remote.cgi");
    const char *user = "untouched";
    CHECK_RC(vmr_client_user(client, &user, NULL), VMR_OK);
    CHECK(user == NULL);
    vmr_client_free(client);
    vmr_client_builder_free(b);
}

/* Builds a client from `url` after `configure`, expecting a usage error mentioning `mentions`. */
static void expect_build_refused(const char *url, void (*configure)(vmr_client_builder *),
                                 const char *mentions, const char *never) {
    vmr_client_builder *b = NULL;
    vmr_client *client = NULL;
    vmr_error *err = NULL;
    CHECK_RC(vmr_client_builder_new(url, &b, NULL), VMR_OK);
    if (configure) {
        configure(b);
    }
    vmr_result rc = vmr_client_builder_build(b, &client, &err);
    CHECK(client == NULL);
    if (never) {
        CHECK(!vt_contains(vmr_error_message(err), never));
    }
    expect_usage(rc, &err, mentions);
    vmr_client_builder_free(b);
}

static void zero_timeout(vmr_client_builder *b) { vmr_client_builder_timeout_ms(b, 0, NULL); }
static void zero_limit(vmr_client_builder *b) { vmr_client_builder_max_reply_bytes(b, 0, NULL); }
static void bad_path(vmr_client_builder *b) { vmr_client_builder_path(b, "no-slash", NULL); }
static void bad_user(vmr_client_builder *b) {
    vmr_client_builder_credentials(b, "ro:ot", "pw", NULL);
}
static void empty_pem(vmr_client_builder *b) {
    static const uint8_t pem[] = "not a certificate";
    vmr_client_builder_ca_pem(b, pem, sizeof pem - 1, NULL);
}

static void build_refuses_bad_options(void) {
    expect_build_refused("ftp://h", NULL, "https://", NULL);
    expect_build_refused("https://root:Pw-in-url-77@h:10000", NULL, "user name or password",
                         "Pw-in-url-77");
    expect_build_refused("https://h:0", NULL, "port", NULL);
    expect_build_refused("https://h:1", zero_timeout, "timeouts", NULL);
    expect_build_refused("https://h:1", zero_limit, "limit", NULL);
    expect_build_refused("https://h:1", bad_path, "path", NULL);
    expect_build_refused("https://h:1", bad_user, "user name", NULL);
    expect_build_refused("https://h:1", empty_pem, "PEM", NULL);
}

/* Makes the call of one row of the encodings table; 0 when a value cannot be a C string. */
static int call_of_row(const vj_value *row, vmr_call **call_out) {
    const vj_value *args = vj_get(row, "args");
    vmr_call *call = NULL;
    CHECK_RC(vmr_call_new(vj_string(row, "program"), &call, NULL), VMR_OK);
    for (size_t i = 0; args && i < args->count; i++) {
        const vj_value *pair = args->items[i];
        const char *value = pair->items[1]->string;
        if (strlen(value) != pair->items[1]->length) {
            vmr_call_free(call);
            return 0;
        }
        if (*value == '\0') {
            CHECK_RC(vmr_call_flag(call, pair->items[0]->string, NULL), VMR_OK);
        } else {
            CHECK_RC(vmr_call_arg(call, pair->items[0]->string, value, NULL), VMR_OK);
        }
    }
    const char *format = vj_string(row, "format");
    if (format) {
        CHECK_RC(vmr_call_format(call, format, NULL), VMR_OK);
    }
    *call_out = call;
    return 1;
}

static void encodings_table_valid_calls_preview_as_their_body(void) {
    vj_value *table = vj_parse_file(vt_repo_path("tests/contract/encodings.json"));
    const vj_value *valid = vj_get(table, "valid");
    vmr_client *client = offline_client(NULL, 0);
    CHECK(valid != NULL && valid->count > 0);
    for (size_t i = 0; valid && i < valid->count; i++) {
        vmr_call *call = NULL;
        vmr_preview *preview = NULL;
        const char *body = NULL, *method = NULL;
        CHECK(call_of_row(valid->items[i], &call));
        CHECK_RC(vmr_client_preview(client, call, &preview, NULL), VMR_OK);
        CHECK_RC(vmr_preview_body(preview, &body, NULL), VMR_OK);
        CHECK_STR(body, vj_string(valid->items[i], "body"));
        CHECK_RC(vmr_preview_method(preview, &method, NULL), VMR_OK);
        CHECK_STR(method, "POST");
        vmr_preview_free(preview);
        vmr_call_free(call);
    }
    vmr_client_free(client);
    vj_free(table);
}

static void encodings_table_invalid_calls_are_refused_naming_the_flag(void) {
    vj_value *table = vj_parse_file(vt_repo_path("tests/contract/encodings.json"));
    const vj_value *invalid = vj_get(table, "invalid");
    vmr_client *client = offline_client(NULL, 1);
    size_t not_c_strings = 0;
    CHECK(invalid != NULL && invalid->count > 0);
    for (size_t i = 0; invalid && i < invalid->count; i++) {
        vmr_call *call = NULL;
        if (!call_of_row(invalid->items[i], &call)) {
            not_c_strings++; /* a NUL inside a value cannot be passed as a C string */
            continue;
        }
        const char *flag = vj_string(invalid->items[i], "flag");
        vmr_error *err = NULL;
        vmr_response *response = NULL;
        vmr_preview *preview = NULL;
        /* run refuses before any I/O: the client's port 9 is never contacted */
        CHECK_RC(vmr_client_run(client, call, &response, &err), VMR_ERR_USAGE);
        CHECK(response == NULL);
        CHECK_STR(vmr_error_flag(err), flag);
        vmr_error_free(err);
        err = NULL;
        CHECK_RC(vmr_client_preview(client, call, &preview, &err), VMR_ERR_USAGE);
        CHECK_STR(vmr_error_flag(err), flag);
        vmr_error_free(err);
        vmr_call_free(call);
    }
    CHECK(not_c_strings <= 1);
    vmr_client_free(client);
    vj_free(table);
}

static void preview_masks_the_password_and_secret_flags(void) {
    vmr_client *client = offline_client(NULL, 1);
    vmr_call *call = NULL;
    vmr_preview *preview = NULL;
    const char *text = NULL, *body = NULL, *url = NULL, *command = NULL;
    CHECK_RC(vmr_call_new("create-domain", &call, NULL), VMR_OK);
    CHECK_RC(vmr_call_arg(call, "domain", "a.example", NULL), VMR_OK);
    CHECK_RC(vmr_call_arg(call, "pass", "Dom1-Secret", NULL), VMR_OK);
    CHECK_RC(vmr_client_preview(client, call, &preview, NULL), VMR_OK);
    CHECK_RC(vmr_preview_text(preview, &text, NULL), VMR_OK);
    CHECK(!vt_contains(text, "Dom1-Secret") && !vt_contains(text, "Sekrit-pw-123"));
    CHECK(vt_contains(text, "***"));
    CHECK_RC(vmr_preview_body(preview, &body, NULL), VMR_OK);
    CHECK_STR(body, "program=create-domain&domain=a.example&pass=***&json=1");
    CHECK_RC(vmr_preview_url(preview, &url, NULL), VMR_OK);
    CHECK_STR(url, "https://127.0.0.1:9/virtual-server/remote.cgi");
    CHECK_RC(vmr_preview_command_line(preview, &command, NULL), VMR_OK);
    CHECK(strncmp(command, "virtualmin create-domain --domain a.example", 43) == 0);
    vmr_preview_free(preview);
    vmr_call_free(call);
    vmr_client_free(client);
}

static void preview_with_get_puts_the_parameters_in_the_url(void) {
    vmr_client *client = offline_client("GET", 1);
    vmr_call *call = NULL;
    vmr_preview *preview = NULL;
    const char *body = "untouched", *url = NULL, *method = NULL;
    CHECK_RC(vmr_call_new("list-domains", &call, NULL), VMR_OK);
    CHECK_RC(vmr_call_flag(call, "name-only", NULL), VMR_OK);
    CHECK_RC(vmr_client_preview(client, call, &preview, NULL), VMR_OK);
    CHECK_RC(vmr_preview_method(preview, &method, NULL), VMR_OK);
    CHECK_STR(method, "GET");
    CHECK_RC(vmr_preview_body(preview, &body, NULL), VMR_OK);
    CHECK(body == NULL);
    CHECK_RC(vmr_preview_url(preview, &url, NULL), VMR_OK);
    CHECK_STR(url, "https://127.0.0.1:9/virtual-server/remote.cgi"
                   "?program=list-domains&name-only=&json=1");
    vmr_preview_free(preview);
    vmr_call_free(call);
    vmr_client_free(client);
}

static void list_programs_get_multiline_unless_turned_off(void) {
    vmr_call *call = NULL;
    CHECK_RC(vmr_call_new("list-domains", &call, NULL), VMR_OK);
    for (int on = 0; on <= 1; on++) {
        vmr_client *client = offline_client(NULL, on);
        vmr_preview *preview = NULL;
        const char *body = NULL;
        CHECK_RC(vmr_client_preview(client, call, &preview, NULL), VMR_OK);
        CHECK_RC(vmr_preview_body(preview, &body, NULL), VMR_OK);
        CHECK_STR(body, on ? "program=list-domains&multiline=&json=1"
                           : "program=list-domains&json=1");
        vmr_preview_free(preview);
        vmr_client_free(client);
    }
    vmr_call_free(call);
}

static void strict_check_mode_refuses_a_flag_the_catalog_does_not_know(void) {
    vmr_client_builder *b = NULL;
    vmr_client *client = NULL;
    vmr_call *call = NULL;
    vmr_preview *preview = NULL;
    vmr_error *err = NULL;
    CHECK_RC(vmr_client_builder_new("https://127.0.0.1:9", &b, NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_check_mode(b, "strict", NULL), VMR_OK);
    CHECK_RC(vmr_client_builder_build(b, &client, NULL), VMR_OK);
    CHECK_RC(vmr_call_new("list-domains", &call, NULL), VMR_OK);
    CHECK_RC(vmr_call_flag(call, "no-such-flag", NULL), VMR_OK);
    CHECK_RC(vmr_client_preview(client, call, &preview, &err), VMR_ERR_USAGE);
    CHECK(vt_contains(vmr_error_message(err), "no-such-flag"));
    CHECK(preview == NULL);
    vmr_error_free(err);
    vmr_call_free(call);
    vmr_client_free(client);
    vmr_client_builder_free(b);
}

static void fingerprint_checks_its_arguments_and_leaves_the_buffer_alone(void) {
    char buf[VMR_FINGERPRINT_SIZE] = "untouched";
    vmr_error *err = NULL;
    expect_usage(vmr_fingerprint(NULL, 1000, buf, sizeof buf, &err), &err, "url is NULL");
    expect_usage(vmr_fingerprint("https://127.0.0.1:9", 1000, NULL, sizeof buf, &err), &err,
                 "buf is NULL");
    expect_usage(vmr_fingerprint("https://127.0.0.1:9", 1000, buf, sizeof buf - 1, &err), &err,
                 "VMR_FINGERPRINT_SIZE");
    expect_usage(vmr_fingerprint("https://127.0.0.1:9", 0, buf, sizeof buf, &err), &err,
                 "timeout_ms");
    expect_usage(vmr_fingerprint("http://127.0.0.1:9", 1000, buf, sizeof buf, &err), &err,
                 "https://");
    expect_usage(vmr_fingerprint(BAD_UTF8, 1000, buf, sizeof buf, &err), &err, "UTF-8");
    /* nothing listens on the discard port here */
    CHECK_RC(vmr_fingerprint("https://127.0.0.1:9", 2000, buf, sizeof buf, &err),
             VMR_ERR_CONNECT);
    CHECK_STR(vmr_error_kind(err), "Connect");
    vmr_error_free(err);
    CHECK_STR(buf, "untouched");
}

static void a_closed_port_is_a_connect_error(void) {
    vmr_client *client = offline_client(NULL, 1);
    vmr_call *call = NULL;
    vmr_response *response = NULL;
    vmr_error *err = NULL;
    CHECK_RC(vmr_call_new("list-domains", &call, NULL), VMR_OK);
    CHECK_RC(vmr_client_run(client, call, &response, &err), VMR_ERR_CONNECT);
    CHECK(response == NULL);
    CHECK(vmr_error_http_status(err) == 0);
    CHECK(!vt_contains(vmr_error_message(err), "Sekrit-pw-123"));
    vmr_error_free(err);
    vmr_call_free(call);
    vmr_client_free(client);
}

int main(void) {
    /* no test server here: the scan looks for the passwords these tests give the library */
    vt_add_secret("Sekrit-pw-123");
    vt_add_secret("Pw-in-url-77");
    vt_add_secret("Dom1-Secret");
    RUN(result_codes_match_the_contract_table);
    RUN(version_is_a_static_dotted_string);
    RUN(free_functions_accept_null);
    RUN(error_accessors_given_null_return_nothing);
    RUN(null_arguments_are_usage_errors_and_leave_out_params_alone);
    RUN(invalid_utf8_is_a_usage_error);
    RUN(builder_setters_check_their_values_at_once);
    RUN(build_refuses_bad_options);
    RUN(encodings_table_valid_calls_preview_as_their_body);
    RUN(encodings_table_invalid_calls_are_refused_naming_the_flag);
    RUN(preview_masks_the_password_and_secret_flags);
    RUN(preview_with_get_puts_the_parameters_in_the_url);
    RUN(list_programs_get_multiline_unless_turned_off);
    RUN(strict_check_mode_refuses_a_flag_the_catalog_does_not_know);
    RUN(fingerprint_checks_its_arguments_and_leaves_the_buffer_alone);
    RUN(a_closed_port_is_a_connect_error);
    return vt_summary();
}
