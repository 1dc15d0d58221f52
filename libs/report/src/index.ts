import type { OutputFormat, Report } from './report.js';
import { formatGithub } from './formats/github.js';
import { formatJson } from './formats/json.js';
import { formatJunit } from './formats/junit.js';
import { formatSarif } from './formats/sarif.js';
import { formatText } from './formats/text.js';

export * from './report.js';
export { escapeData, escapeProperty } from './formats/github.js';
export { xml } from './formats/junit.js';

export function formatReport(report: Report, format: OutputFormat, options: { color?: boolean } = {}): string {
  switch (format) {
    case 'text':
      return formatText(report, options.color === true);
    case 'json':
      return formatJson(report);
    case 'junit':
      return formatJunit(report);
    case 'sarif':
      return formatSarif(report);
    case 'github':
      return formatGithub(report);
  }
}
export { mergeReports, parseReportFile } from './merge.js';
