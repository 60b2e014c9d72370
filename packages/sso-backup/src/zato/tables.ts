/**
 * The seven Zato 3.2 SSO tables in creation order (parents first); drop in reverse.
 * Backup discovers tables by prefix; this list is for fixtures, login and tests.
 */
export const ZATO_SSO_TABLES = [
  'zato_sso_group',
  'zato_sso_user',
  'zato_sso_user_group',
  'zato_sso_session',
  'zato_sso_attr',
  'zato_sso_linked_auth',
  'zato_sso_password_reset',
] as const;

/** One of {@link ZATO_SSO_TABLES}. */
export type ZatoSsoTable = (typeof ZATO_SSO_TABLES)[number];

/** The PostgreSQL sequence that feeds each table's `id` (Zato's models name them; ids are not SERIAL). */
export const ZATO_SSO_SEQUENCES: Record<ZatoSsoTable, string> = {
  zato_sso_group: 'zato_sso_group_id_seq',
  zato_sso_user: 'zato_sso_user_id_seq',
  zato_sso_user_group: 'zato_sso_ug_seq',
  zato_sso_session: 'zato_sso_sid_seq',
  zato_sso_attr: 'zato_sso_attr_seq',
  zato_sso_linked_auth: 'zato_sso_linked_auth_seq',
  zato_sso_password_reset: 'zato_sso_flow_prt_seq',
};
