/*
 * What the C tests share: a small checking framework whose summary line is "N passed, N
 * failed", a JSON reader for the contract tables and the test server's replies, the test
 * server itself, started as a child process and read over plain HTTP for its control endpoints,
 * and a record of every text the library handed out, scanned for secrets at the end of the run.
 */
#ifndef VMR_TEST_SUPPORT_H
#define VMR_TEST_SUPPORT_H

#include <stddef.h>
#include <sys/types.h>

#include "virtualmin_remote.h"

/* ---- checks ------------------------------------------------------------------------------ */

/* Counts a failed check in the running test and says where. */
int vt_check(int ok, const char *what, const char *file, int line);

#define CHECK(cond) vt_check((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_STR(actual, expected) vt_check_str((actual), (expected), #actual, __FILE__, __LINE__)
#define CHECK_RC(actual, expected) vt_check_rc((actual), (expected), #actual, __FILE__, __LINE__)

int vt_check_str(const char *actual, const char *expected, const char *what, const char *file,
                 int line);
int vt_check_rc(vmr_result actual, vmr_result expected, const char *what, const char *file,
                int line);

/* Runs one test function and reports it as passed or failed. */
void vt_run(const char *name, void (*test)(void));
#define RUN(test) vt_run(#test, test)

/*
 * Runs the secret scan over everything recorded (below) as the run's last test, then prints
 * "N passed, N failed" and returns the exit status for main.
 */
int vt_summary(void);

/* True when `haystack` contains `needle` (both may be NULL, which contains nothing). */
int vt_contains(const char *haystack, const char *needle);

/* ---- JSON -------------------------------------------------------------------------------- */

typedef enum { VJ_NULL, VJ_BOOL, VJ_NUMBER, VJ_STRING, VJ_ARRAY, VJ_OBJECT } vj_type;

typedef struct vj_value {
    vj_type type;
    int boolean;
    double number;
    char *string;  /* NUL-terminated; `length` counts bytes, a \u0000 included */
    size_t length;
    struct vj_value **items;  /* array items or object values */
    char **keys;              /* object keys */
    size_t count;
} vj_value;

/* Parses JSON text; NULL when it is not JSON. Free with vj_free. */
vj_value *vj_parse(const char *text);
vj_value *vj_parse_file(const char *path);
void vj_free(vj_value *value);

/* The member `key` of an object, or NULL. */
const vj_value *vj_get(const vj_value *object, const char *key);
/* The string member `key` of an object, or NULL. */
const char *vj_string(const vj_value *object, const char *key);

/* ---- the test server --------------------------------------------------------------------- */

typedef struct {
    pid_t pid;
    int stdin_fd;
    char url[128];
    char fingerprint[VMR_FINGERPRINT_SIZE];
    char password[128];
    char ca_file[512];  /* "" unless started with --cert ca-signed */
} vt_server;

/*
 * Starts the test server ($VMR_TESTSERVER) with these extra arguments (NULL-terminated list),
 * and reads its start line. It exits when this process does (its stdin closes). Returns 0 on
 * success.
 */
int vt_server_start(vt_server *server, const char *const *args);
void vt_server_stop(vt_server *server);

/*
 * GETs `path` (a /_testserver/... endpoint) from a server started with --plain and parses the
 * JSON reply; NULL on failure. Free with vj_free.
 */
vj_value *vt_server_control(const vt_server *server, const char *path);

/* A path relative to this source tree ($VMR_REPO_ROOT, else ../.. of the tests directory). */
const char *vt_repo_path(const char *relative);

/* A client for `server` as `user`, pinned to its certificate (or plain HTTP). NULL on failure. */
vmr_client *vt_client(const vt_server *server, const char *user, const char *password);

/* ---- the secret scan ---------------------------------------------------------------------- */

/*
 * Every error and preview a test frees passes through these, because the macros below stand in
 * for the library's free functions in every file that includes this header: each records all
 * the strings its handle offers before freeing it. The library never logs (nothing of the core's
 * log reaches C), so these texts and the clients' url and user are all it says.
 */
void vt_error_free(vmr_error *err);
void vt_preview_free(vmr_preview *preview);
void vt_client_free(vmr_client *client);
#define vmr_error_free(err) vt_error_free(err)
#define vmr_preview_free(preview) vt_preview_free(preview)
#define vmr_client_free(client) vt_client_free(client)

/* Records one more text to scan (a copy is kept). */
void vt_record(const char *what, const char *text);

/*
 * A password that must appear in no recorded text, together with the Basic-auth base64 of
 * "USER:PASSWORD" for every user of the test server. vt_server_start adds each server's own.
 */
void vt_add_secret(const char *password);

/* How many texts were recorded so far (the scan refuses to pass on an empty record). */
size_t vt_recorded_count(void);

#endif /* VMR_TEST_SUPPORT_H */
