import { errorFactory } from '@authstate/oocd-core';

/** Makes the errors of the Zato side of this package (`[authstate] [sso-backup] …`). */
export const fail = errorFactory('sso-backup');
