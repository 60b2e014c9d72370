/** The prefix of every Zato SSO table (and PostgreSQL sequence). */
export const SSO_PREFIX = 'zato_sso_';

/** A SQL LIKE pattern for {@link SSO_PREFIX} with `_` escaped by `\` (filter exactly afterwards). */
export const SSO_LIKE = 'zato\\_sso\\_%';

/** True when `name` starts with `zato_sso_`, case-sensitively (LIKE ignores case on SQLite/MySQL). */
export function isSsoName(name: string): boolean {
  return name.startsWith(SSO_PREFIX);
}
