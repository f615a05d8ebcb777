/*
 * The libjwt side of the C peer comparison (bench.c), in its own
 * translation unit: libjwt's header is also called jwt.h and defines
 * JWT_ALG_HS256 too. Compiled without -Iinclude so <jwt.h> is libjwt's.
 */
#include <jwt.h>
#include <string.h>

/* Verifies an HS256 token as a gateway would with libjwt 1.10 (Debian
   12's; it has no jwt_valid API, which came in 1.12): the signature with
   jwt_decode, then alg, exp, iss and aud by hand. 0 when valid. */
int libjwt_verify(const char *token, const unsigned char *key, int key_len, long now,
                  const char *iss, const char *aud) {
  jwt_t *jwt = NULL;
  if (jwt_decode(&jwt, token, key, key_len) != 0)
    return 1;
  const char *got_iss = jwt_get_grant(jwt, "iss");
  const char *got_aud = jwt_get_grant(jwt, "aud");
  long exp = jwt_get_grant_int(jwt, "exp");
  int bad = jwt_get_alg(jwt) != JWT_ALG_HS256 || exp <= now || !got_iss ||
            strcmp(got_iss, iss) != 0 || !got_aud || strcmp(got_aud, aud) != 0;
  jwt_free(jwt);
  return bad;
}
