/*
 * Creates a mail alias with one or more destinations: the C form of
 * `virtualmin create-alias --domain D --from F --to A [--to B]...`.
 *
 *   VIRTUALMIN_URL=... VIRTUALMIN_USER=root VIRTUALMIN_PASSWORD=... \
 *   VIRTUALMIN_FINGERPRINT=AA:BB:... ./create_alias example.com sales alice@x.org bob@x.org
 *
 * A failure of the program itself (no such domain, alias exists) is VMR_ERR_PROGRAM, with the
 * program's own first line as the error.
 */
#include <stdio.h>
#include <stdlib.h>

#include <virtualmin_remote.h>

int main(int argc, char **argv) {
    const char *fingerprint = getenv("VIRTUALMIN_FINGERPRINT");
    vmr_client_builder *builder = NULL;
    vmr_client *client = NULL;
    vmr_call *call = NULL;
    vmr_response *response = NULL;
    vmr_error *err = NULL;
    vmr_result rc;

    if (argc < 4 || !getenv("VIRTUALMIN_URL") || !getenv("VIRTUALMIN_USER") ||
        !getenv("VIRTUALMIN_PASSWORD")) {
        fprintf(stderr, "usage: VIRTUALMIN_URL=.. VIRTUALMIN_USER=.. VIRTUALMIN_PASSWORD=.. "
                        "%s DOMAIN FROM TO [TO]...\n", argv[0]);
        return 2;
    }

    rc = vmr_client_builder_new(getenv("VIRTUALMIN_URL"), &builder, &err);
    if (rc == VMR_OK) {
        rc = vmr_client_builder_credentials(builder, getenv("VIRTUALMIN_USER"),
                                            getenv("VIRTUALMIN_PASSWORD"), &err);
    }
    if (rc == VMR_OK && fingerprint) {
        rc = vmr_client_builder_fingerprint(builder, fingerprint, &err);
    }
    if (rc == VMR_OK) {
        rc = vmr_client_builder_build(builder, &client, &err);
    }

    /* --to repeats: each destination is one more vmr_call_arg with the same name */
    if (rc == VMR_OK) {
        rc = vmr_call_new("create-alias", &call, &err);
    }
    if (rc == VMR_OK) {
        rc = vmr_call_arg(call, "domain", argv[1], &err);
    }
    if (rc == VMR_OK) {
        rc = vmr_call_arg(call, "from", argv[2], &err);
    }
    for (int i = 3; rc == VMR_OK && i < argc; i++) {
        rc = vmr_call_arg(call, "to", argv[i], &err);
    }
    if (rc == VMR_OK) {
        rc = vmr_client_run(client, call, &response, &err);
    }

    if (rc == VMR_OK) {
        const char *output = NULL;
        vmr_response_output(response, &output, NULL);
        fputs(output ? output : "done\n", stdout);
    } else if (rc == VMR_ERR_PROGRAM) {
        fprintf(stderr, "create-alias failed: %s\n", vmr_error_error_line(err));
    } else {
        fprintf(stderr, "%s error: %s\n", vmr_error_kind(err), vmr_error_message(err));
    }

    vmr_error_free(err);
    vmr_response_free(response);
    vmr_call_free(call);
    vmr_client_free(client);
    vmr_client_builder_free(builder);
    return rc == VMR_OK ? 0 : 1;
}
