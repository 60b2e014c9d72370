/**
 * The `config/repo/sso.conf` that Zato 3.2's `zato create server` writes (its `sso_conf_contents`
 * template, all 13 sections), as data, so one generator serves new servers and tests.
 */

/** One line of a section: `key=value` with an optional trailing `# comment`, or a blank line. */
export type SsoConfLine = { key: string; value: string; comment?: string } | { blank: true };

/** A `[section]` of sso.conf and its lines in Zato's order. */
export interface SsoConfSection {
  name: string;
  lines: SsoConfLine[];
}

const kv = (key: string, value: string, comment?: string): SsoConfLine => (comment ? { key, value, comment } : { key, value });
const BLANK: SsoConfLine = { blank: true };

/** Zato's built-in list of passwords to reject (`[password] reject_list`). */
export const ZATO_PASSWORD_REJECT_LIST: readonly string[] = [
  '111111',
  '123123',
  '123321',
  '123456',
  '123qwe',
  '1q2w3e',
  '1q2w3e4r',
  '1q2w3e4r5t',
  '222222',
  '333333',
  '444444',
  '555555',
  '654321',
  '666666',
  '777777',
  '888888',
  '999999',
  '987654321',
  'google',
  'letmein',
  'mynoob',
  'password',
  'qwerty',
  'zxcvbnm',
];

/** Options of {@link zatoSsoConf}; the defaults are Zato's. */
export interface SsoConfOptions {
  /** `[main] encrypt_password` (default true). */
  encryptPassword?: boolean;
  /** `[main] encrypt_email` (default true). */
  encryptEmail?: boolean;
  /** `[hash_secret] rounds` (default 120000; fewer only in tests). */
  rounds?: number;
  /** `[hash_secret] salt_size` in bytes (default 64). */
  saltSize?: number;
}

const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** The sections of Zato 3.2's sso.conf, in its order, with `opts` applied. */
export function zatoSsoConf(opts: SsoConfOptions = {}): SsoConfSection[] {
  const emailLines = (kind: 'confirm' | 'welcome'): SsoConfLine[] => [
    kv(`email_${kind}_enabled`, 'True'),
    kv(`email_${kind}_from`, `${kind}@example.com`),
    kv(`email_${kind}_cc`, ''),
    kv(`email_${kind}_bcc`, ''),
    kv(`email_${kind}_template`, `sso-${kind}.txt`),
  ];
  return [
    {
      name: 'main',
      lines: [
        kv('encrypt_email', pyBool(opts.encryptEmail ?? true)),
        kv('encrypt_password', pyBool(opts.encryptPassword ?? true)),
        kv('email_service', ''),
        kv('smtp_conn', ''),
        kv('site_name', ''),
      ],
    },
    { name: 'backend', lines: [kv('default', 'sql')] },
    { name: 'sql', lines: [kv('name', '')] },
    {
      name: 'hash_secret',
      lines: [kv('rounds', String(opts.rounds ?? 120_000)), kv('salt_size', String(opts.saltSize ?? 64), 'In bytes = 512 bits')],
    },
    {
      name: 'apps',
      lines: [
        kv('all', 'CRM'),
        kv('default', 'CRM'),
        kv('http_header', 'X-Zato-SSO-Current-App'),
        kv('signup_allowed', ''),
        kv('login_allowed', 'CRM'),
        kv('login_metadata_allowed', ''),
        kv('inform_if_app_invalid', 'True'),
      ],
    },
    {
      name: 'login',
      lines: [
        kv('reject_if_not_listed', 'False'),
        kv('inform_if_locked', 'True'),
        kv('inform_if_not_confirmed', 'True'),
        kv('inform_if_not_approved', 'True'),
        kv('inform_if_totp_missing', 'True'),
      ],
    },
    {
      name: 'password_reset',
      lines: [
        kv('valid_for', '1440', 'In minutes = 1 day'),
        kv('password_change_session_duration', '1800', 'In seconds = 30 minutes'),
        kv('user_search_by', 'username'),
        kv('email_title_en_GB', 'Password reset'),
        kv('email_title_en_US', 'Password reset'),
        kv('email_from', 'hello@example.com'),
      ],
    },
    { name: 'user_address_list', lines: [] },
    {
      name: 'session',
      lines: [
        kv('expiry', '60', 'In minutes'),
        kv('expiry_hook', '', 'Name of a service that will return expiry value each time it is needed'),
      ],
    },
    {
      name: 'password',
      lines: [
        kv('expiry', '730', 'In days, 365 days * 2 years = 730 days'),
        kv('inform_if_expired', 'False'),
        kv('inform_if_about_to_expire', 'True'),
        kv('inform_if_must_be_changed', 'True'),
        kv('inform_if_invalid', 'True'),
        kv('about_to_expire_threshold', '30', 'In days'),
        kv('log_in_if_about_to_expire', 'True'),
        kv('min_length', '8'),
        kv('max_length', '256'),
        kv('min_complexity', '0'),
        kv('min_complexity_algorithm', 'zxcvbn'),
        kv('reject_list', `"""\n${ZATO_PASSWORD_REJECT_LIST.map((p) => `  ${p}`).join('\n')}\n"""`),
      ],
    },
    {
      name: 'signup',
      lines: [
        kv('inform_if_user_exists', 'False'),
        kv('inform_if_user_invalid', 'False'),
        kv('inform_if_email_exists', 'False'),
        kv('inform_if_email_invalid', 'False'),
        kv('email_required', 'True'),
        kv('max_length_username', '128'),
        kv('max_length_email', '128'),
        kv('password_allow_whitespace', 'True'),
        kv('always_return_confirm_token', 'True'),
        kv('is_email_required', 'True'),
        kv('is_approval_needed', 'True'),
        kv('callback_service_list', ''),
        BLANK,
        ...emailLines('confirm'),
        BLANK,
        ...emailLines('welcome'),
      ],
    },
    {
      name: 'user_validation',
      lines: [
        kv('service', 'zato.sso.signup.validate'),
        kv('reject_username', 'zato, admin, root, system, sso'),
        kv('reject_email', 'zato, admin, root, system, sso'),
      ],
    },
    { name: 'search', lines: [kv('default_page_size', '50'), kv('max_page_size', '100')] },
  ];
}

function lineText(line: SsoConfLine): string {
  if ('blank' in line) return '';
  // Zato writes `reject_list = """…"""` with spaces around `=`; every other line without.
  const eq = line.value.startsWith('"""') ? ' = ' : '=';
  return `${line.key}${eq}${line.value}${line.comment === undefined ? '' : ` # ${line.comment}`}`;
}

/**
 * The text of sso.conf as `zato create server` writes it (sections separated by one blank line,
 * trailing `# comments` kept).
 *
 * @example
 * ```ts
 * await writeFile(`${dir}/config/repo/sso.conf`, ssoConfText());
 * ```
 */
export function ssoConfText(opts: SsoConfOptions = {}): string {
  return `${zatoSsoConf(opts)
    .map((s) => [`[${s.name}]`, ...s.lines.map(lineText)].join('\n'))
    .join('\n\n')}\n`;
}
