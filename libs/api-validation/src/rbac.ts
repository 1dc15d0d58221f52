// RBAC bindings: what ValidateRoleBinding / ValidateClusterRoleBinding refuse, after the defaults the API server
// applies (kube-apiserver pkg/apis/rbac/validation/validation.go, pkg/apis/rbac/v1/defaults.go).
import { asArr, asObj, asStr, ptr, quote, type Obj, type Report } from './report.js';

const SOURCE = 'kube-apiserver: pkg/apis/rbac/validation/validation.go';
const GROUP = 'rbac.authorization.k8s.io';

/** The roleRef and subjects of a RoleBinding (namespaced) or ClusterRoleBinding. */
export function checkRoleBinding(object: Obj, kind: 'RoleBinding' | 'ClusterRoleBinding', report: Report): void {
  const roleRef = asObj(object.roleRef);
  if (roleRef) {
    if (roleRef.apiGroup !== GROUP)
      report.add(
        '/roleRef/apiGroup',
        `roleRef.apiGroup ${quote(roleRef.apiGroup)} is not supported: it must be "${GROUP}".`,
        `${SOURCE} (ValidateRoleBinding)`,
      );
    const allowed = kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
    if (typeof roleRef.kind === 'string' && !allowed.includes(roleRef.kind))
      report.add(
        '/roleRef/kind',
        `roleRef.kind ${quote(roleRef.kind)} is not supported in a ${kind}: use ${allowed.join(' or ')}.`,
        `${SOURCE} (Validate${kind})`,
      );
    if (!asStr(roleRef.name)) report.add('/roleRef/name', 'roleRef.name is required.', `${SOURCE} (Validate${kind})`);
  }
  asArr(object.subjects).forEach((s, i) => {
    const subject = asObj(s);
    if (!subject) return;
    const at = ptr('/subjects', i);
    if (!asStr(subject.name))
      report.add(ptr(at, 'name'), `subjects[${i}].name is required.`, `${SOURCE} (ValidateRoleBindingSubject)`);
    switch (subject.kind) {
      case 'ServiceAccount':
        if (asStr(subject.apiGroup))
          report.add(
            ptr(at, 'apiGroup'),
            `subjects[${i}].apiGroup ${quote(subject.apiGroup)} is not supported for a ServiceAccount: it must be "".`,
            `${SOURCE} (ValidateRoleBindingSubject)`,
          );
        // A RoleBinding's ServiceAccount defaults to the binding's namespace; a ClusterRoleBinding has none.
        if (kind === 'ClusterRoleBinding' && !asStr(subject.namespace))
          report.add(
            ptr(at, 'namespace'),
            `subjects[${i}].namespace is required for a ServiceAccount in a ClusterRoleBinding.`,
            `${SOURCE} (ValidateRoleBindingSubject)`,
          );
        break;
      case 'User':
      case 'Group':
        if (subject.apiGroup !== GROUP)
          report.add(
            ptr(at, 'apiGroup'),
            `subjects[${i}].apiGroup ${quote(subject.apiGroup)} is not supported for a ${subject.kind}: it must be "${GROUP}".`,
            `${SOURCE} (ValidateRoleBindingSubject)`,
          );
        break;
      default:
        report.add(
          ptr(at, 'kind'),
          `subjects[${i}].kind ${quote(subject.kind)} is not supported: use ServiceAccount, User or Group.`,
          `${SOURCE} (ValidateRoleBindingSubject)`,
        );
    }
  });
}

/**
 * The rules of a Role (namespaced) or ClusterRole: ValidatePolicyRule. A rule needs verbs; a resource rule needs
 * apiGroups and resources; nonResourceURLs stand alone, and only in a ClusterRole.
 */
export function checkRole(object: Obj, kind: 'Role' | 'ClusterRole', report: Report): void {
  // An aggregated ClusterRole's rules are filled in by the controller.
  if (kind === 'ClusterRole' && asObj(object.aggregationRule)) return;
  asArr(object.rules).forEach((r, i) => {
    const rule = asObj(r);
    if (!rule) return;
    const at = ptr('/rules', i);
    const source = `${SOURCE} (ValidatePolicyRule)`;
    if (asArr(rule.verbs).length === 0)
      report.add(ptr(at, 'verbs'), `rules[${i}].verbs must contain at least one value.`, source);
    const urls = asArr(rule.nonResourceURLs).length > 0;
    const groups = asArr(rule.apiGroups).length > 0;
    const resources = asArr(rule.resources).length > 0;
    if (urls) {
      if (kind === 'Role')
        report.add(
          ptr(at, 'nonResourceURLs'),
          `rules[${i}]: namespaced rules cannot apply to non-resource URLs.`,
          source,
        );
      if (groups || resources)
        report.add(at, `rules[${i}]: rules cannot apply to both regular resources and non-resource URLs.`, source);
      return;
    }
    if (!groups)
      report.add(ptr(at, 'apiGroups'), `rules[${i}]: resource rules must supply at least one api group.`, source);
    if (!resources)
      report.add(ptr(at, 'resources'), `rules[${i}]: resource rules must supply at least one resource.`, source);
  });
}
