/*
 * The README's C quick start: verify a device token with a key file.
 *
 *   verify KEYFILE ISSUER AUDIENCE TOKEN
 *
 * KEYFILE is whatever the issuer published (PEM, DER, certificate, JWK,
 * JWKS). Prints the token's subject and exits 0, or prints why the token
 * was refused and exits 1 (2 for usage and key errors).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jwt.h"

#define S(s) (const uint8_t *)(s), strlen(s)

static void say(const char *what, jwt_result r) {
  char msg[256];
  size_t n = 0;
  if (jwt_result_message(r, (uint8_t *)msg, sizeof msg, &n) != JWT_OK)
    snprintf(msg, sizeof msg, "error %u", (unsigned)r);
  fprintf(stderr, "%s: %s\n", what, msg);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s KEYFILE ISSUER AUDIENCE TOKEN\n", argv[0]);
    return 2;
  }
  static uint8_t keybytes[1 << 16];
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  size_t keylen = fread(keybytes, 1, sizeof keybytes, f);
  fclose(f);

  jwt_key *key = NULL;
  jwt_result r = jwt_key_import(keybytes, keylen, JWT_ALG_DETECT, &key);
  if (r != JWT_OK) {
    say("key", r);
    return 2;
  }
  jwt_policy *policy = NULL;
  jwt_verifier *verifier = NULL;
  if ((r = jwt_policy_new(&policy)) != JWT_OK ||
      (r = jwt_policy_add_issuer(policy, S(argv[2]))) != JWT_OK ||
      (r = jwt_policy_add_audience(policy, S(argv[3]))) != JWT_OK ||
      (r = jwt_policy_set_leeway(policy, 30)) != JWT_OK ||
      (r = jwt_verifier_new(key, policy, NULL, &verifier)) != JWT_OK) {
    say("setup", r);
    return 2;
  }
  /* The key and policy are copied into the verifier. */
  jwt_policy_free(policy);
  jwt_key_free(key);

  jwt_claims *claims = NULL;
  jwt_verify_failure failure;
  r = jwt_verifier_verify(verifier, S(argv[4]), (int64_t)time(NULL), &claims,
                          &failure);
  int status = 0;
  if (r == JWT_OK) {
    char sub[256];
    size_t n = 0;
    if (jwt_claims_get_string(claims, S("sub"), (uint8_t *)sub, sizeof sub,
                              &n) == JWT_OK)
      printf("valid token for %s\n", sub);
    else
      printf("valid token (no sub)\n");
    jwt_claims_free(claims);
  } else {
    say("refused", r);
    if (failure.claim_len > 0)
      fprintf(stderr, "claim: %s\n", (const char *)failure.claim);
    status = 1;
  }
  jwt_verifier_free(verifier);
  return status;
}
