import { refOf, type Finding, type Resource } from '@inference-gitops/core';

/**
 * In-manifest suppression: `inference-gitops.dev/suppress: "rule-a,rule-b: why this is fine"`.
 * Several suppressions are separated by ";". The reason is required and is shown in every report.
 */
export const SUPPRESS_ANNOTATION = 'inference-gitops.dev/suppress';

export function readSuppressions(
  resource: Resource,
  knownIds: Set<string>,
): { entries: Map<string, string>; findings: Finding[] } {
  const entries = new Map<string, string>();
  const findings: Finding[] = [];
  const annotations = (resource.object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  const value = annotations?.[SUPPRESS_ANNOTATION];
  if (value === undefined) return { entries, findings };
  const path = `/metadata/annotations/${SUPPRESS_ANNOTATION.replace(/\//g, '~1')}`;
  const warn = (message: string, hint: string) =>
    findings.push({ rule: 'suppression', severity: 'warning', message, hint, resource: refOf(resource), path });
  if (typeof value !== 'string') {
    warn(
      `${SUPPRESS_ANNOTATION} must be a string "rule-id[,rule-id]: reason"`,
      'Example: "tpu-capacity: the pool autoscales to 8 nodes in this region".',
    );
    return { entries, findings };
  }
  for (const part of value
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const colon = part.indexOf(':');
    const ids = (colon < 0 ? part : part.slice(0, colon))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const reason = colon < 0 ? '' : part.slice(colon + 1).trim();
    if (!reason) {
      warn(
        `suppression of ${ids.join(', ')} has no reason, so it suppresses nothing`,
        'Write "rule-id: why this is fine"; the reason is shown in every report.',
      );
      continue;
    }
    for (const id of ids) {
      if (!knownIds.has(id)) warn(`suppression names unknown rule "${id}"`, 'Run `gitops rules` for the rule ids.');
      else entries.set(id, reason);
    }
  }
  return { entries, findings };
}
