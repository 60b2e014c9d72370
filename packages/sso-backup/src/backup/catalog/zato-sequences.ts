/**
 * Zato 3.2's PostgreSQL sequences are free-standing (not SERIAL, not OWNED BY, no DEFAULT), so the
 * catalog cannot tell which table each numbers; these are the pairs from Zato's models, used when
 * ownership or a `nextval` default does not say.
 */
export const ZATO_SEQUENCE_TABLES: Readonly<Record<string, string>> = {
  zato_sso_group_id_seq: 'zato_sso_group',
  zato_sso_user_id_seq: 'zato_sso_user',
  zato_sso_ug_seq: 'zato_sso_user_group',
  zato_sso_sid_seq: 'zato_sso_session',
  zato_sso_attr_seq: 'zato_sso_attr',
  zato_sso_linked_auth_seq: 'zato_sso_linked_auth',
  zato_sso_flow_prt_seq: 'zato_sso_password_reset',
};
