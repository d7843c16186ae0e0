/*
 * Lists the virtual servers of a Virtualmin host with their home directories.
 *
 *   VIRTUALMIN_URL=https://vm.example.net:10000 VIRTUALMIN_USER=root \
 *   VIRTUALMIN_PASSWORD=... VIRTUALMIN_FINGERPRINT=AA:BB:... ./list_domains
 *
 * The password comes from the environment, never from the command line (where `ps` shows it).
 * Without VIRTUALMIN_FINGERPRINT the certificate is checked against the system's roots.
 */
#include <stdio.h>
#include <stdlib.h>

#include <virtualmin_remote.h>

/* Prints the error, frees it, and gives the exit status for it. */
static int fail(vmr_error *err) {
    fprintf(stderr, "%s error: %s\n", vmr_error_kind(err), vmr_error_message(err));
    int status = vmr_error_code(err) == VMR_ERR_USAGE ? 2 : 1;
    vmr_error_free(err);
    return status;
}

int main(void) {
    const char *url = getenv("VIRTUALMIN_URL");
    const char *user = getenv("VIRTUALMIN_USER");
    const char *password = getenv("VIRTUALMIN_PASSWORD");
    const char *fingerprint = getenv("VIRTUALMIN_FINGERPRINT");
    vmr_client_builder *builder = NULL;
    vmr_client *client = NULL;
    vmr_call *call = NULL;
    vmr_response *response = NULL;
    vmr_error *err = NULL;
    int status = 0;

    if (!url || !user || !password) {
        fprintf(stderr, "set VIRTUALMIN_URL, VIRTUALMIN_USER and VIRTUALMIN_PASSWORD\n");
        return 2;
    }
    if (vmr_client_builder_new(url, &builder, &err) != VMR_OK ||
        vmr_client_builder_credentials(builder, user, password, &err) != VMR_OK ||
        (fingerprint && vmr_client_builder_fingerprint(builder, fingerprint, &err) != VMR_OK) ||
        vmr_client_builder_build(builder, &client, &err) != VMR_OK) {
        status = fail(err);
        goto done;
    }

    /* list-domains is a list program: the client adds --multiline, one record per domain */
    if (vmr_call_new("list-domains", &call, &err) != VMR_OK ||
        vmr_client_run(client, call, &response, &err) != VMR_OK) {
        status = fail(err);
        goto done;
    }

    size_t count = 0;
    vmr_response_record_count(response, &count, NULL);
    for (size_t i = 0; i < count; i++) {
        const char *name = NULL, *home = "?";
        size_t homes = 0;
        vmr_response_record_name(response, i, &name, NULL);
        vmr_response_record_value_count(response, i, "home_directory", &homes, NULL);
        if (homes > 0) {
            vmr_response_record_value(response, i, "home_directory", 0, &home, NULL);
        }
        printf("%-30s %s\n", name, home);
    }
    printf("%zu domains\n", count);

done:
    vmr_response_free(response);
    vmr_call_free(call);
    vmr_client_free(client);
    vmr_client_builder_free(builder);
    return status;
}
