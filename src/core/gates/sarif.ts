import type { Severity } from '../policy/schema.js';
import type { Finding } from './finding.js';

// Findings as a SARIF 2.1.0 log: one run, one rule descriptor per rule id, paths relative
// to %SRCROOT% (the repo root). Suppressed findings keep their reason as an in-source
// suppression, so code-scanning UIs show them as dismissed with the justification.

export interface SarifOptions {
  toolVersion: string;
  /** Absolute repo root, recorded as %SRCROOT%. */
  repoRoot?: string;
}

type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export function sarifLevel(severity: Severity, blocking: boolean): SarifLevel {
  if (blocking) return 'error';
  if (severity === 'critical' || severity === 'high' || severity === 'medium') return 'warning';
  return 'note';
}

/** RFC 3986 relative reference for a repo-relative POSIX path. */
function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function fileUrl(absolute: string): string {
  const withSlash = absolute.endsWith('/') ? absolute : `${absolute}/`;
  return `file://${withSlash.split('/').map(encodeURIComponent).join('/')}`;
}

export function toSarif(findings: readonly Finding[], options: SarifOptions): Record<string, unknown> {
  const ruleIds = [...new Set(findings.map((finding) => finding.rule))].sort();
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const rules = ruleIds.map((id) => {
    const example = findings.find((finding) => finding.rule === id)!;
    return {
      id,
      shortDescription: { text: example.message.split(' (')[0]!.slice(0, 200) || id },
      properties: { gate: example.gate, tags: [example.gate] },
    };
  });
  const results = findings.map((finding) => ({
    ruleId: finding.rule,
    ruleIndex: ruleIndex.get(finding.rule)!,
    level: sarifLevel(finding.severity, finding.blocking),
    message: { text: finding.message },
    ...(finding.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(finding.file), uriBaseId: '%SRCROOT%' },
                ...(finding.line > 0 ? { region: { startLine: finding.line, ...(finding.endLine ? { endLine: finding.endLine } : {}) } } : {}),
              },
            },
          ],
        }
      : {}),
    ...(finding.suppressed !== undefined ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: finding.suppressed }] } : {}),
    properties: { gate: finding.gate, severity: finding.severity, blocking: finding.blocking },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'oryon',
            version: options.toolVersion,
            rules,
          },
        },
        ...(options.repoRoot ? { originalUriBaseIds: { '%SRCROOT%': { uri: fileUrl(options.repoRoot) } } } : {}),
        results,
      },
    ],
  };
}
