// Type-checked consumer of the CLI package's library entry (checked in the project that installs
// the CLI, which brings pg, mysql2 and better-sqlite3 but none of their types).
import * as app from '@authstate/authstate';

export const refs = [app.main, app.startDataService, app.exitCodeFor];
