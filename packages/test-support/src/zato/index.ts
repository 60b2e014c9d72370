/**
 * Zato-made SSO test data (`@authstate/test-support/zato`): rows written the way Zato 3.2's code
 * writes them, for the tests and benches of the packages. Not product code.
 */
export { type FixtureOptions, type FixtureSummary, type FixtureUser, populateFixtures } from './populate.js';
export { type AttrSpec, attrRow, groupRow, linkedAuthRow, type PasswordResetSpec, passwordResetRow, userGroupRow } from './rows.js';
