/**
 * ObjectMeta (staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go, ValidateObjectMetaAccessor):
 * name and generateName by kind, namespace, labels, annotations (keys and total size), finalizers, ownerReferences.
 */
import {
  DNS1035_LABEL,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  LABEL_VALUE_RULE,
  PATH_SEGMENT,
  QUALIFIED_NAME_RULE,
  formatProblem,
  labelValueProblem,
  qualifiedNameProblem,
  suggestName,
  type NameFormat,
} from './formats.js';
import { SRC, asArr, asObj, asStr, fieldOf, ptr, quote, type Obj, type Report } from './report.js';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 262144;

export interface Kind {
  group: string;
  version: string;
  kind: string;
}

export function kindOf(object: Obj): Kind {
  const apiVersion = asStr(object.apiVersion) ?? '';
  const slash = apiVersion.indexOf('/');
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: asStr(object.kind) ?? '',
  };
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** The name rule the API server (or, for LeaderWorkerSet, its webhook) applies to this kind. */
export function nameRule(k: Kind): { format: NameFormat; source: string; maxLength?: number } {
  if (k.group === '' && k.kind === 'Service')
    return { format: DNS1035_LABEL, source: `${SRC.core} (ValidateServiceName = NameIsDNS1035Label)` };
  if (k.group === '' && k.kind === 'Namespace')
    return { format: DNS1123_LABEL, source: `${SRC.objectMeta} (ValidateNamespaceName)` };
  if (k.group === 'apps' && k.kind === 'StatefulSet')
    return {
      format: DNS1123_LABEL,
      source: `${SRC.apps} (ValidateStatefulSetName = NameIsDNSLabel: Pod hostnames are <name>-<ordinal>)`,
    };
  if (k.group === 'leaderworkerset.x-k8s.io' && k.kind === 'LeaderWorkerSet')
    return { format: DNS1035_LABEL, source: SRC.lws };
  if (k.group === 'rbac.authorization.k8s.io' && RBAC_KINDS.has(k.kind))
    return {
      format: PATH_SEGMENT,
      source: 'kube-apiserver: pkg/apis/rbac/validation/validation.go (ValidateRBACName)',
    };
  // CronJob names end up in Job names plus an 11-character suffix: ValidateCronJob caps them at 52.
  if (k.group === 'batch' && k.kind === 'CronJob')
    return { format: DNS1123_SUBDOMAIN, source: `${SRC.batch} (ValidateCronJob)`, maxLength: 52 };
  return {
    format: DNS1123_SUBDOMAIN,
    source: `${SRC.objectMeta} (NameIsDNSSubdomain, the default for built-in and custom resources)`,
  };
}

export function checkObjectMeta(object: Obj, k: Kind, namespaced: boolean | undefined, report: Report): void {
  const meta = asObj(object.metadata) ?? {};
  const rule = nameRule(k);
  const kindName = k.kind || 'object';
  const name = asStr(meta.name);
  const generateName = asStr(meta.generateName);
  if (generateName) {
    // The server appends random characters to generateName, so a trailing '-' is fine (maskTrailingDash).
    const masked = generateName.endsWith('-') ? `${generateName.slice(0, -1)}a` : generateName;
    const extra = formatProblem(masked, rule.format);
    if (extra !== undefined) {
      report.add(
        '/metadata/generateName',
        `metadata.generateName ${quote(generateName)} is not a valid ${kindName} name prefix: ${kindName} names must be ${rule.format.plural} (${rule.format.rule}; the prefix may end with '-')${extra}; change the prefix.`,
        rule.source,
      );
    }
  }
  if (!name) {
    if (!generateName)
      report.add(
        '/metadata/name',
        `metadata.name is missing: every ${kindName} needs metadata.name (or metadata.generateName); add a name.`,
        `${SRC.objectMeta} (ValidateObjectMetaAccessor)`,
      );
  } else {
    const extra = formatProblem(name, rule.format);
    if (extra !== undefined) {
      const suggestion = suggestName(name, rule.format);
      const action =
        rule.format === DNS1035_LABEL && /^[0-9]/.test(name)
          ? 'rename it so that it starts with a letter'
          : `rename it${suggestion ? `, e.g. to ${JSON.stringify(suggestion)}` : ''}`;
      report.add(
        '/metadata/name',
        `metadata.name ${quote(name)} is not a valid ${kindName} name: ${kindName} names must be ${rule.format.plural} (${rule.format.rule})${extra}; ${action}.`,
        rule.source,
      );
    } else if (rule.maxLength !== undefined && name.length > rule.maxLength) {
      report.add(
        '/metadata/name',
        `metadata.name ${quote(name)} is ${name.length} characters long, but ${kindName} names must be at most ${rule.maxLength} characters (the controller appends a suffix to make Job names); shorten it.`,
        rule.source,
      );
    }
  }

  const namespace = asStr(meta.namespace);
  if (namespace !== undefined && namespace !== '' && namespaced !== false) {
    const extra = formatProblem(namespace, DNS1123_LABEL);
    if (extra !== undefined) {
      report.add(
        '/metadata/namespace',
        `metadata.namespace ${quote(namespace)} is not a valid namespace name: namespace names must be ${DNS1123_LABEL.plural} (${DNS1123_LABEL.rule})${extra}; use the name of an existing namespace.`,
        `${SRC.objectMeta} (ValidateNamespaceName)`,
      );
    }
  }

  checkLabels(meta.labels, '/metadata/labels', report);
  checkAnnotations(meta.annotations, '/metadata/annotations', report);

  asArr(meta.finalizers).forEach((f, i) => {
    if (typeof f !== 'string') return;
    const why = qualifiedNameProblem(f);
    if (why)
      report.add(
        ptr('/metadata/finalizers', i),
        `metadata.finalizers[${i}] ${quote(f)} is not a valid finalizer: finalizers must be qualified names (${QUALIFIED_NAME_RULE}), but ${why}; fix the finalizer name.`,
        `${SRC.objectMeta} (ValidateFinalizerName)`,
      );
  });
  if (asArr(meta.finalizers).includes('orphan') && asArr(meta.finalizers).includes('foregroundDeletion')) {
    report.add(
      '/metadata/finalizers',
      'metadata.finalizers has both "orphan" and "foregroundDeletion", which the API server refuses together; keep one.',
      `${SRC.objectMeta} (ValidateFinalizers)`,
    );
  }

  let controllers = 0;
  asArr(meta.ownerReferences).forEach((ref, i) => {
    const r = asObj(ref);
    if (!r) return;
    for (const field of ['apiVersion', 'kind', 'name', 'uid']) {
      if (!asStr(r[field]))
        report.add(
          ptr('/metadata/ownerReferences', i, field),
          `metadata.ownerReferences[${i}].${field} is empty: every owner reference needs apiVersion, kind, name and uid; fill it in or remove the owner reference (uids are only known in the cluster, so owner references rarely belong in Git).`,
          `${SRC.objectMeta} (validateOwnerReference)`,
        );
    }
    if (r.controller === true && ++controllers === 2)
      report.add(
        ptr('/metadata/ownerReferences', i, 'controller'),
        `metadata.ownerReferences[${i}] is a second owner reference with controller: true; only one owner may be the controller.`,
        `${SRC.objectMeta} (ValidateOwnerReferences)`,
      );
  });
}

/** ValidateLabels: keys are qualified names, values label values. Also used for label maps in templates and selectors. */
export function checkLabels(labels: unknown, base: string, report: Report, what = 'label'): void {
  const map = asObj(labels);
  if (!map) return;
  for (const [key, value] of Object.entries(map)) {
    const path = ptr(base, key);
    const keyWhy = qualifiedNameProblem(key);
    if (keyWhy)
      report.add(
        path,
        `${fieldOf(base)} key ${quote(key)} is not a valid ${what} key: ${what} keys must be qualified names (${QUALIFIED_NAME_RULE}), but ${keyWhy}; rename the key.`,
        `${SRC.metaV1} (ValidateLabels)`,
      );
    if (typeof value !== 'string') continue;
    const valueWhy = labelValueProblem(value);
    if (valueWhy)
      report.add(
        path,
        `${fieldOf(path)} ${quote(value)} is not a valid ${what} value: ${LABEL_VALUE_RULE}, but ${valueWhy}; shorten or simplify the value${what === 'label' ? ' (free text belongs in an annotation)' : ''}.`,
        `${SRC.metaV1} (ValidateLabels, IsValidLabelValue)`,
      );
  }
}

/** ValidateAnnotations: keys are qualified names (case-insensitively); keys and values together at most 256 KiB. */
export function checkAnnotations(annotations: unknown, base: string, report: Report): void {
  const map = asObj(annotations);
  if (!map) return;
  let total = 0;
  for (const [key, value] of Object.entries(map)) {
    const why = qualifiedNameProblem(key.toLowerCase());
    if (why)
      report.add(
        ptr(base, key),
        `${fieldOf(base)} key ${quote(key)} is not a valid annotation key: annotation keys must be qualified names (${QUALIFIED_NAME_RULE}), but ${why}; rename the key.`,
        `${SRC.objectMeta} (ValidateAnnotations)`,
      );
    total += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    report.add(
      base,
      `${fieldOf(base)} add up to ${total} bytes (keys plus values), more than the ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes the API server allows; move large values into a ConfigMap.`,
      `${SRC.objectMeta} (ValidateAnnotationsSize, TotalAnnotationSizeLimitB)`,
    );
  }
}
