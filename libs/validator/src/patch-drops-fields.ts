// The built-in check patch-drops-fields: the renderer records which fields an overlay's strategic-merge
// patch removed from a resource's base (a fact of the build, kept with it); this judges them, at the patch.
import { dirname, relative } from 'node:path';
import type { Finding, Resource } from '@inference-gitops/core';
import type { PatchDrop } from '@inference-gitops/render';

/** At most this many fields are named in the message. */
const NAMED = 6;

const HINT =
  'A strategic-merge patch replaces lists it has no merge key for, and `$patch: replace` replaces whole lists and maps: ' +
  'give only the fields that change (containers merge by name through the kserve-merge-keys component), ' +
  'or remove fields on purpose with a JSON 6902 patch (op: remove).';

export function patchDropsFieldsFinding(drop: PatchDrop, resource: Resource): Finding {
  const { dropped } = drop;
  const named = dropped
    .slice(0, NAMED)
    .map((d) => (d.what === 'field' ? d.pointer : `${d.pointer} (${d.what})`))
    .join(', ');
  const more = dropped.length > NAMED ? `, and ${dropped.length - NAMED} more` : '';
  const count = dropped.length === 1 ? 'a field' : `${dropped.length} fields`;
  const base = relative(dirname(drop.patch), drop.base) || drop.base;
  return {
    rule: 'patch-drops-fields',
    severity: 'error',
    message: `the patch removes ${count} that ${base} sets: ${named}${more}`,
    hint: HINT,
    path: dropped[0]!.pointer,
    file: drop.patch,
    line: drop.line,
    column: drop.column,
    resource: {
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      name: resource.name,
      ...(resource.namespace ? { namespace: resource.namespace } : {}),
    },
  };
}
