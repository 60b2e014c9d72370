/** One sample of the Prometheus text exposition format. */
export interface PromSample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/y;

/**
 * Parses Prometheus exposition text (what `GET /metrics` answers) into samples; comments and
 * lines it cannot read are skipped. Enough for the service's own output, not a general parser.
 *
 * @example
 * ```ts
 * parsePrometheusText('x_total{op="get"} 3\n'); // [{ name: 'x_total', labels: { op: 'get' }, value: 3 }]
 * ```
 */
export function parsePrometheusText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels = parseLabels(m[2] ?? '');
    const value = Number(m[3] === '+Inf' ? Number.POSITIVE_INFINITY : m[3]);
    if (labels && !Number.isNaN(value)) samples.push({ name: m[1] as string, labels, value });
  }
  return samples;
}

function parseLabels(body: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < body.length) {
    const m = LABEL.exec(body);
    if (!m) return undefined;
    labels[m[1] as string] = (m[2] as string).replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}
