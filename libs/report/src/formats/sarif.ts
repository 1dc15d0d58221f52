import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding } from '@inference-gitops/core';
import type { Report } from '../report.js';

/** SARIF 2.1.0 for code scanning: one run, the rules that appear, a result per finding with its region. */
export function formatSarif(report: Report): string {
  const rules: ReportingDescriptor[] = report.rules.map((r) => ({
    id: r.id,
    shortDescription: { text: r.summary },
    fullDescription: { text: r.docs ?? r.summary },
    ...(r.helpUri ? { helpUri: r.helpUri } : {}),
    defaultConfiguration: { level: level(r.severity) },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gitops',
            version: report.tool.version,
            informationUri: 'https://github.com/example/inference-gitops',
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
        results: report.findings.map((f) => result(f, index)),
      },
    ],
  };
  // SARIF's %SRCROOT% is the checkout root; paths are already relative to the current directory.
  delete log.runs[0]!.originalUriBaseIds;
  return JSON.stringify(log, null, 2) + '\n';
}

function result(f: Finding, index: Map<string, number>): Result {
  const r: Result = {
    ruleId: f.rule,
    level: level(f.severity),
    message: { text: f.hint ? `${f.message} (${f.hint})` : f.message },
  };
  const ruleIndex = index.get(f.rule);
  if (ruleIndex !== undefined) r.ruleIndex = ruleIndex;
  if (f.file !== undefined && f.file !== '-') {
    r.locations = [
      {
        physicalLocation: {
          artifactLocation: { uri: f.file.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
          ...(f.line !== undefined
            ? { region: { startLine: f.line, ...(f.column !== undefined ? { startColumn: f.column } : {}) } }
            : {}),
        },
        ...(f.resource
          ? {
              logicalLocations: [
                {
                  name: f.resource.name,
                  fullyQualifiedName: `${f.resource.kind}/${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}${f.path ?? ''}`,
                  kind: 'resource',
                },
              ],
            }
          : {}),
      },
    ];
  }
  if (f.suppressed) r.suppressions = [{ kind: 'inSource', justification: f.suppressed.reason }];
  return r;
}

function level(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}
