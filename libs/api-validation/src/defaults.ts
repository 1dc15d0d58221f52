// The defaults the API server's built-in types apply before validation, where a manifest commonly leaves a
// required field out (kube-apiserver pkg/apis/<group>/v1/defaults.go). The input is not changed.
import { asArr, asObj, isObj, type Obj } from './report.js';

const RBAC = 'rbac.authorization.k8s.io';

/** The object as the API server sees it after its built-in defaulting (RBAC bindings for now). */
export function builtinDefaults(object: Obj): Obj {
  const [group] = String(object.apiVersion ?? '').split('/');
  const kind = String(object.kind ?? '');
  if (group !== RBAC || (kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding')) return object;
  const out: Obj = { ...object };
  // SetDefaults_RoleBinding / SetDefaults_ClusterRoleBinding: roleRef.apiGroup.
  const roleRef = asObj(object.roleRef);
  if (roleRef && !roleRef.apiGroup) out.roleRef = { ...roleRef, apiGroup: RBAC };
  // SetDefaults_Subject: apiGroup "" for a ServiceAccount, rbac.authorization.k8s.io for a User or a Group.
  if (Array.isArray(object.subjects))
    out.subjects = asArr(object.subjects).map((s) =>
      isObj(s) && !s.apiGroup && (s.kind === 'User' || s.kind === 'Group')
        ? { ...s, apiGroup: RBAC }
        : isObj(s) && s.apiGroup === undefined && s.kind === 'ServiceAccount'
          ? { ...s, apiGroup: '' }
          : s,
    );
  return out;
}
