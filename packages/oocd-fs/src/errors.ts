import { errorFactory } from '@authstate/oocd-core';

/** This package's errors: an `AuthstateError` with a stable code, naming `oocd-fs`. */
export const fail = errorFactory('oocd-fs');
