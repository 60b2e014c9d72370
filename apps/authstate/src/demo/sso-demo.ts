import type { DemoReporter } from './reporter.js';

/** The SSO half of the demo (wired when @authstate/sso-backup lands). */
export async function runSsoDemo(_dir: string, report: DemoReporter): Promise<void> {
  report.section('Zato SSO backup and restore');
  report.detail('skipped: @authstate/sso-backup is not available in this build yet');
}
