import { isAbsolute, relative } from 'node:path';
import { refOf, type Finding, type Resource } from '@inference-gitops/core';

/**
 * The locate stage: gives a finding on a resource the file a person edits, with the line and column
 * of the offending field, and makes every file path relative to the current directory.
 */
export function locateFinding(finding: Finding, resource: Resource | undefined, cwd: string): Finding {
  const located: Finding = { ...finding };
  if (resource) {
    located.resource ??= refOf(resource);
    if (located.file === undefined) {
      const where = resource.source.locate(finding.path ?? '');
      located.file = where.file;
      if (where.position) {
        located.line = where.position.line;
        located.column = where.position.column;
      }
    }
  }
  if (located.file !== undefined) located.file = relativeFile(located.file, cwd);
  return located;
}

export function relativeFile(file: string, cwd: string): string {
  if (file === '-' || file === '<stdin>' || !isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel === '' ? '.' : rel;
}
