/* lp_cert.c — Farkas-type certificates from an LP relaxation (placeholder
 * until the relaxation lands: no LP certificate is ever produced, so none
 * is ever accepted). */
#include "certify.h"

#include <stdio.h>

bool cp_lp_cert_check(const cp_scenario *sc, const cp_cert *c, char *why,
                      size_t n);

bool cp_lp_cert_check(const cp_scenario *sc, const cp_cert *c, char *why,
                      size_t n)
{
  (void)sc;
  (void)c;
  snprintf(why, n, "LP certificates are not checked yet");
  return false;
}
