// The Prometheus text exposition (which OpenMetrics parsers read too: gauges only, `# EOF` at the end).
// https://prometheus.io/docs/instrumenting/exposition_formats/  https://openmetrics.io
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  samples: Sample[];
}

/** Families without samples are left out: an absent series is how "never" and "not checked" read. */
export function renderExposition(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} gauge`);
    for (const sample of family.samples) lines.push(`${family.name}${labelText(sample.labels)} ${formatValue(sample.value)}`);
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** Label values: backslash, double quote and line feed escaped; other control characters dropped. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}
