/*
 * What the C tests share: a small checking framework whose summary line is "N passed, N
 * failed", a JSON reader for the contract tables and the test server's replies, and the test
 * server itself, started as a child process and read over plain HTTP for its control endpoints.
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

/* Prints "N passed, N failed" and returns the exit status for main. */
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

#endif /* VMR_TEST_SUPPORT_H */
