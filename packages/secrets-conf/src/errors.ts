import { errorFactory } from '@authstate/oocd-core';

/** Makes the errors of this package (`[authstate] [secrets-conf] …`). */
export const fail = errorFactory('secrets-conf');
