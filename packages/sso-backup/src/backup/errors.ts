import { errorFactory } from '@authstate/oocd-core';

/** Makes the errors of the backup side of sso-backup (`[authstate] [sso-backup] …`). */
export const fail = errorFactory('sso-backup');
