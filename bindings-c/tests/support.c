/*
 * The shared parts of the C tests: checks and their summary, a JSON reader, the test server as
 * a child process, and the record of the library's texts that the secret scan reads. Plain C11
 * plus POSIX, so that it builds with -Wall -Wextra -Werror.
 */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- checks ------------------------------------------------------------------------------ */

static int tests_passed;
static int tests_failed;
static int current_failures;

int vt_check(int ok, const char *what, const char *file, int line) {
    if (!ok) {
        current_failures++;
        fprintf(stderr, "    %s:%d: check failed: %s\n", file, line, what);
    }
    return ok;
}

int vt_check_str(const char *actual, const char *expected, const char *what, const char *file,
                 int line) {
    int ok = actual != NULL && expected != NULL && strcmp(actual, expected) == 0;
    if (!ok) {
        current_failures++;
        fprintf(stderr, "    %s:%d: %s is \"%s\", expected \"%s\"\n", file, line, what,
                actual ? actual : "(NULL)", expected ? expected : "(NULL)");
    }
    return ok;
}

int vt_check_rc(vmr_result actual, vmr_result expected, const char *what, const char *file,
                int line) {
    int ok = actual == expected;
    if (!ok) {
        const char *a = vmr_result_name((int)actual);
        current_failures++;
        fprintf(stderr, "    %s:%d: %s returned %s (%d), expected %s (%d)\n", file, line, what,
                a ? a : "?", (int)actual, vmr_result_name((int)expected), (int)expected);
    }
    return ok;
}

void vt_run(const char *name, void (*test)(void)) {
    current_failures = 0;
    test();
    if (current_failures == 0) {
        tests_passed++;
        printf("ok     %s\n", name);
    } else {
        tests_failed++;
        printf("FAILED %s (%d checks)\n", name, current_failures);
    }
    fflush(stdout);
}

static void no_secret_in_any_text_of_the_run(void);

int vt_summary(void) {
    vt_run("no_secret_in_any_text_of_the_run", no_secret_in_any_text_of_the_run);
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 && tests_passed > 0 ? 0 : 1;
}

int vt_contains(const char *haystack, const char *needle) {
    return haystack != NULL && needle != NULL && strstr(haystack, needle) != NULL;
}

/* ---- JSON -------------------------------------------------------------------------------- */

typedef struct {
    const char *at;
} vj_reader;

static vj_value *vj_read(vj_reader *r, int depth);

static void vj_skip_space(vj_reader *r) {
    while (*r->at == ' ' || *r->at == '\t' || *r->at == '\n' || *r->at == '\r') {
        r->at++;
    }
}

static vj_value *vj_new(vj_type type) {
    vj_value *v = calloc(1, sizeof *v);
    if (v) {
        v->type = type;
    }
    return v;
}

static int vj_hex4(const char *p, unsigned *out) {
    unsigned value = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        value <<= 4;
        if (c >= '0' && c <= '9') {
            value |= (unsigned)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            value |= (unsigned)(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            value |= (unsigned)(c - 'A' + 10);
        } else {
            return 0;
        }
    }
    *out = value;
    return 1;
}

static size_t vj_put_utf8(char *out, unsigned cp) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reads a string after its opening quote; the result is at most as long as the source. */
static char *vj_read_string(vj_reader *r, size_t *length) {
    const char *end = r->at;
    while (*end && *end != '"') {
        end += (*end == '\\' && end[1]) ? 2 : 1;
    }
    char *out = malloc((size_t)(end - r->at) + 1);
    size_t n = 0;
    if (!out) {
        return NULL;
    }
    while (*r->at && *r->at != '"') {
        char c = *r->at++;
        if (c != '\\') {
            out[n++] = c;
            continue;
        }
        c = *r->at++;
        switch (c) {
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'u': {
            unsigned cp, low;
            if (!vj_hex4(r->at, &cp)) {
                free(out);
                return NULL;
            }
            r->at += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && r->at[0] == '\\' && r->at[1] == 'u' &&
                vj_hex4(r->at + 2, &low)) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                r->at += 6;
            }
            n += vj_put_utf8(out + n, cp);
            break;
        }
        case '\0':
            free(out);
            return NULL;
        default: out[n++] = c; break;
        }
    }
    if (*r->at != '"') {
        free(out);
        return NULL;
    }
    r->at++;
    out[n] = '\0';
    *length = n;
    return out;
}

static int vj_push(vj_value *v, vj_value *item, char *key) {
    vj_value **items = realloc(v->items, (v->count + 1) * sizeof *items);
    if (!items) {
        return 0;
    }
    v->items = items;
    if (v->type == VJ_OBJECT) {
        char **keys = realloc(v->keys, (v->count + 1) * sizeof *keys);
        if (!keys) {
            return 0;
        }
        v->keys = keys;
        v->keys[v->count] = key;
    }
    v->items[v->count++] = item;
    return 1;
}

static vj_value *vj_read_container(vj_reader *r, int depth, vj_type type, char close) {
    vj_value *v = vj_new(type);
    vj_skip_space(r);
    if (*r->at == close) {
        r->at++;
        return v;
    }
    for (;;) {
        char *key = NULL;
        size_t key_length;
        vj_skip_space(r);
        if (type == VJ_OBJECT) {
            if (*r->at != '"') {
                break;
            }
            r->at++;
            key = vj_read_string(r, &key_length);
            vj_skip_space(r);
            if (!key || *r->at != ':') {
                free(key);
                break;
            }
            r->at++;
        }
        vj_value *item = vj_read(r, depth + 1);
        if (!item || !vj_push(v, item, key)) {
            vj_free(item);
            free(key);
            break;
        }
        vj_skip_space(r);
        if (*r->at == ',') {
            r->at++;
            continue;
        }
        if (*r->at == close) {
            r->at++;
            return v;
        }
        break;
    }
    vj_free(v);
    return NULL;
}

static vj_value *vj_read(vj_reader *r, int depth) {
    vj_skip_space(r);
    if (depth > 64) {
        return NULL;
    }
    char c = *r->at;
    if (c == '{' || c == '[') {
        r->at++;
        return vj_read_container(r, depth, c == '{' ? VJ_OBJECT : VJ_ARRAY, c == '{' ? '}' : ']');
    }
    if (c == '"') {
        r->at++;
        vj_value *v = vj_new(VJ_STRING);
        v->string = vj_read_string(r, &v->length);
        if (!v->string) {
            vj_free(v);
            return NULL;
        }
        return v;
    }
    if (strncmp(r->at, "true", 4) == 0 || strncmp(r->at, "false", 5) == 0) {
        vj_value *v = vj_new(VJ_BOOL);
        v->boolean = c == 't';
        r->at += v->boolean ? 4 : 5;
        return v;
    }
    if (strncmp(r->at, "null", 4) == 0) {
        r->at += 4;
        return vj_new(VJ_NULL);
    }
    char *end;
    double number = strtod(r->at, &end);
    if (end == r->at) {
        return NULL;
    }
    r->at = end;
    vj_value *v = vj_new(VJ_NUMBER);
    v->number = number;
    return v;
}

vj_value *vj_parse(const char *text) {
    vj_reader r = {text};
    vj_value *v = vj_read(&r, 0);
    vj_skip_space(&r);
    if (v && *r.at != '\0') {
        vj_free(v);
        return NULL;
    }
    return v;
}

vj_value *vj_parse_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "    cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *text = NULL;
    size_t size = 0, used = 0, got;
    do {
        if (used + 4096 + 1 > size) {
            size = (size + 4096) * 2;
            char *bigger = realloc(text, size);
            if (!bigger) {
                break;
            }
            text = bigger;
        }
        got = fread(text + used, 1, 4096, f);
        used += got;
    } while (got > 0);
    fclose(f);
    if (!text) {
        return NULL;
    }
    text[used] = '\0';
    vj_value *v = vj_parse(text);
    free(text);
    return v;
}

void vj_free(vj_value *v) {
    if (!v) {
        return;
    }
    for (size_t i = 0; i < v->count; i++) {
        vj_free(v->items[i]);
        if (v->keys) {
            free(v->keys[i]);
        }
    }
    free(v->items);
    free(v->keys);
    free(v->string);
    free(v);
}

const vj_value *vj_get(const vj_value *object, const char *key) {
    if (!object || object->type != VJ_OBJECT) {
        return NULL;
    }
    for (size_t i = 0; i < object->count; i++) {
        if (strcmp(object->keys[i], key) == 0) {
            return object->items[i];
        }
    }
    return NULL;
}

const char *vj_string(const vj_value *object, const char *key) {
    const vj_value *v = vj_get(object, key);
    return v && v->type == VJ_STRING ? v->string : NULL;
}

/* ---- the test server --------------------------------------------------------------------- */

static void copy_text(char *dst, size_t size, const char *src) {
    snprintf(dst, size, "%s", src ? src : "");
}

int vt_server_start(vt_server *server, const char *const *args) {
    const char *binary = getenv("VMR_TESTSERVER");
    const char *argv[32];
    size_t argc = 0;
    int in[2], out[2];

    memset(server, 0, sizeof *server);
    server->pid = -1;
    if (!binary) {
        fprintf(stderr, "    VMR_TESTSERVER is not set\n");
        return -1;
    }
    argv[argc++] = binary;
    argv[argc++] = "--exit-on-stdin-eof";
    argv[argc++] = "--max-seconds";
    argv[argc++] = "300";
    for (; args && *args && argc < 31; args++) {
        argv[argc++] = *args;
    }
    argv[argc] = NULL;

    if (pipe(in) != 0 || pipe(out) != 0) {
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        /* NB: execv takes char *const[]; the strings are not changed. */
        execv(binary, (char *const *)(void *)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    server->pid = pid;
    server->stdin_fd = in[1];

    char line[4096];
    size_t used = 0;
    while (used + 1 < sizeof line) {
        ssize_t got = read(out[0], line + used, 1);
        if (got <= 0 || line[used] == '\n') {
            break;
        }
        used++;
    }
    line[used] = '\0';
    close(out[0]);

    vj_value *info = vj_parse(line);
    if (!info || !vj_string(info, "url")) {
        fprintf(stderr, "    the test server printed \"%s\"\n", line);
        vj_free(info);
        vt_server_stop(server);
        return -1;
    }
    copy_text(server->url, sizeof server->url, vj_string(info, "url"));
    copy_text(server->fingerprint, sizeof server->fingerprint, vj_string(info, "fingerprint"));
    copy_text(server->password, sizeof server->password, vj_string(info, "password"));
    copy_text(server->ca_file, sizeof server->ca_file, vj_string(info, "ca_file"));
    vj_free(info);
    vt_add_secret(server->password);
    return 0;
}

void vt_server_stop(vt_server *server) {
    if (server->pid > 0) {
        close(server->stdin_fd);
        kill(server->pid, SIGTERM);
        waitpid(server->pid, NULL, 0);
        server->pid = -1;
    }
}

vj_value *vt_server_control(const vt_server *server, const char *path) {
    const char *colon = strrchr(server->url, ':');
    if (strncmp(server->url, "http://", 7) != 0 || !colon) {
        fprintf(stderr, "    control endpoints are read from --plain servers only\n");
        return NULL;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(colon + 1));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        if (fd >= 0) {
            close(fd);
        }
        return NULL;
    }
    char request[512];
    int n = snprintf(request, sizeof request, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (write(fd, request, (size_t)n) != n) {
        close(fd);
        return NULL;
    }

    size_t size = 65536, used = 0;
    char *reply = malloc(size);
    ssize_t got;
    while (reply && (got = read(fd, reply + used, size - used - 1)) > 0) {
        used += (size_t)got;
        if (used + 1 == size) {
            char *bigger = realloc(reply, size * 2);
            if (!bigger) {
                break;
            }
            reply = bigger;
            size *= 2;
        }
    }
    close(fd);
    if (!reply) {
        return NULL;
    }
    reply[used] = '\0';
    char *body = strstr(reply, "\r\n\r\n");
    vj_value *v = body ? vj_parse(body + 4) : NULL;
    free(reply);
    return v;
}

const char *vt_repo_path(const char *relative) {
    static char paths[4][1024];
    static int next;
    const char *root = getenv("VMR_REPO_ROOT");
    char *path = paths[next++ % 4];
    snprintf(path, sizeof paths[0], "%s/%s", root ? root : "../..", relative);
    return path;
}

vmr_client *vt_client(const vt_server *server, const char *user, const char *password) {
    vmr_client_builder *builder = NULL;
    vmr_client *client = NULL;
    vmr_error *err = NULL;
    vmr_result rc = vmr_client_builder_new(server->url, &builder, &err);
    if (rc == VMR_OK) {
        rc = vmr_client_builder_credentials(builder, user, password, &err);
    }
    if (rc == VMR_OK && strncmp(server->url, "https://", 8) == 0) {
        rc = vmr_client_builder_fingerprint(builder, server->fingerprint, &err);
    }
    if (rc == VMR_OK) {
        rc = vmr_client_builder_timeout_ms(builder, 60000, &err);
    }
    if (rc == VMR_OK) {
        rc = vmr_client_builder_build(builder, &client, &err);
    }
    if (rc != VMR_OK) {
        fprintf(stderr, "    cannot make a client: %s\n", vmr_error_message(err));
    }
    vmr_error_free(err);
    vmr_client_builder_free(builder);
    return client;
}

/* ---- the secret scan ---------------------------------------------------------------------- */

/* The real free functions: a macro name in parentheses is not expanded. */
#undef vmr_error_free
#undef vmr_preview_free
#undef vmr_client_free

enum { MAX_SECRETS = 64 };

static pthread_mutex_t record_lock = PTHREAD_MUTEX_INITIALIZER;
static char **records;
static size_t record_count;
static char *secrets[MAX_SECRETS];
static size_t secret_count;

/* The users of the test server: each one's Basic credentials are secret too. */
static const char *const server_users[] = {"root", "vmlimited", "twofa", "nomodule"};

void vt_record(const char *what, const char *text) {
    if (!text) {
        return;
    }
    size_t size = strlen(what) + strlen(text) + 3;
    char *copy = malloc(size);
    if (!copy) {
        return;
    }
    snprintf(copy, size, "%s: %s", what, text);
    pthread_mutex_lock(&record_lock);
    char **bigger = realloc(records, (record_count + 1) * sizeof *records);
    if (bigger) {
        records = bigger;
        records[record_count++] = copy;
    } else {
        free(copy);
    }
    pthread_mutex_unlock(&record_lock);
}

size_t vt_recorded_count(void) {
    pthread_mutex_lock(&record_lock);
    size_t n = record_count;
    pthread_mutex_unlock(&record_lock);
    return n;
}

static char *base64(const char *text) {
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(text), used = 0;
    char *out = malloc(4 * ((n + 2) / 3) + 1);
    if (!out) {
        return NULL;
    }
    for (size_t i = 0; i < n; i += 3) {
        unsigned long bits = (unsigned long)(unsigned char)text[i] << 16;
        if (i + 1 < n) {
            bits |= (unsigned long)(unsigned char)text[i + 1] << 8;
        }
        if (i + 2 < n) {
            bits |= (unsigned long)(unsigned char)text[i + 2];
        }
        out[used++] = digits[(bits >> 18) & 63];
        out[used++] = digits[(bits >> 12) & 63];
        out[used++] = i + 1 < n ? digits[(bits >> 6) & 63] : '=';
        out[used++] = i + 2 < n ? digits[bits & 63] : '=';
    }
    out[used] = '\0';
    return out;
}

static void add_secret_text(char *owned) {
    if (!owned) {
        return;
    }
    for (size_t i = 0; i < secret_count; i++) {
        if (strcmp(secrets[i], owned) == 0) {
            free(owned);
            return;
        }
    }
    if (secret_count < MAX_SECRETS) {
        secrets[secret_count++] = owned;
    } else {
        free(owned);
    }
}

void vt_add_secret(const char *password) {
    if (!password || !password[0]) {
        return;
    }
    pthread_mutex_lock(&record_lock);
    add_secret_text(strdup(password));
    for (size_t i = 0; i < sizeof server_users / sizeof server_users[0]; i++) {
        char credentials[256];
        snprintf(credentials, sizeof credentials, "%s:%s", server_users[i], password);
        add_secret_text(base64(credentials));
    }
    pthread_mutex_unlock(&record_lock);
}

void vt_error_free(vmr_error *err) {
    if (err) {
        vt_record("error code", vmr_result_name((int)vmr_error_code(err)));
        vt_record("error kind", vmr_error_kind(err));
        vt_record("error message", vmr_error_message(err));
        vt_record("error flag", vmr_error_flag(err));
        vt_record("error line", vmr_error_error_line(err));
        vt_record("error output", vmr_error_output(err));
        vt_record("error reason", vmr_error_reason(err));
    }
    vmr_error_free(err);
}

void vt_preview_free(vmr_preview *preview) {
    static const struct {
        const char *what;
        vmr_result (*read)(const vmr_preview *, const char **, vmr_error **);
    } fields[] = {
        {"preview text", vmr_preview_text},   {"preview method", vmr_preview_method},
        {"preview url", vmr_preview_url},     {"preview body", vmr_preview_body},
        {"preview command line", vmr_preview_command_line},
    };
    for (size_t i = 0; preview && i < sizeof fields / sizeof fields[0]; i++) {
        const char *text = NULL;
        if (fields[i].read(preview, &text, NULL) == VMR_OK) {
            vt_record(fields[i].what, text);
        }
    }
    vmr_preview_free(preview);
}

void vt_client_free(vmr_client *client) {
    const char *text = NULL;
    if (client && vmr_client_url(client, &text, NULL) == VMR_OK) {
        vt_record("client url", text);
    }
    if (client && vmr_client_user(client, &text, NULL) == VMR_OK) {
        vt_record("client user", text);
    }
    vmr_client_free(client);
}

/* Reads every record against every secret, then frees both (the run is over). */
static void no_secret_in_any_text_of_the_run(void) {
    pthread_mutex_lock(&record_lock);
    CHECK(record_count > 0);
    CHECK(secret_count > 0);
    for (size_t r = 0; r < record_count; r++) {
        for (size_t s = 0; s < secret_count; s++) {
            if (strstr(records[r], secrets[s]) != NULL) {
                /* NB: says where, not what: the failure output is part of the run too. */
                char label[64];
                snprintf(label, sizeof label, "%.40s", records[r]);
                label[strcspn(label, ":")] = '\0';
                vt_check(0, "a secret is in no recorded text", label, (int)r);
            }
        }
        free(records[r]);
    }
    printf("       (%zu texts scanned for %zu secrets)\n", record_count, secret_count);
    free(records);
    records = NULL;
    record_count = 0;
    for (size_t s = 0; s < secret_count; s++) {
        free(secrets[s]);
    }
    secret_count = 0;
    pthread_mutex_unlock(&record_lock);
}
