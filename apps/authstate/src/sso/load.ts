/**
 * Loads `@authstate/sso-backup` on first use. It brings three database drivers with it (about
 * 0.3 s of start-up, as long again as the whole CLI otherwise takes), which `oocd` commands,
 * `--help` and completion never need.
 *
 * @example
 * ```ts
 * const { backup } = await loadSsoBackup();
 * ```
 */
export function loadSsoBackup(): Promise<typeof import('@authstate/sso-backup')> {
  return import('@authstate/sso-backup');
}
