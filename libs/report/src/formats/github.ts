import type { Finding } from '@inference-gitops/core';
import type { Report } from '../report.js';

/** GitHub Actions workflow commands: annotations on the lines of the pull request. */
export function formatGithub(report: Report): string {
  const out = report.findings.filter((f) => !f.suppressed).map(command);
  const s = report.summary;
  out.push(
    `::notice title=gitops validate::${escapeData(`${s.resources} resources, ${s.errors} errors, ${s.warnings} warnings`)}`,
  );
  return out.join('\n') + '\n';
}

function command(f: Finding): string {
  const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    f.file !== undefined ? `file=${escapeProperty(f.file)}` : undefined,
    f.line !== undefined ? `line=${f.line}` : undefined,
    f.column !== undefined ? `col=${f.column}` : undefined,
    `title=${escapeProperty(f.rule)}`,
  ].filter(Boolean);
  const message = f.hint ? `${f.message}\n${f.hint}` : f.message;
  return `::${level} ${props.join(',')}::${escapeData(message)}`;
}

// Escaping as the GitHub Actions toolkit does (core/src/command.ts).
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
