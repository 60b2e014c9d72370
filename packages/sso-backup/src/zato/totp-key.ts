import { randomInt } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The label Zato gives a TOTP key when none is given (`zato.common.api.TOTP.default_label`). */
export const ZATO_DEFAULT_TOTP_LABEL = '<default-label>';

/**
 * A new TOTP secret as Zato makes one (`pyotp.random_base32()`, pyotp 2.6): 32 characters of the
 * RFC 4648 base32 alphabet, each drawn uniformly from a CSPRNG.
 */
export function newTotpKey(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[randomInt(BASE32.length)];
  return out;
}
