/**
 * The PodSpec fields that pod-spec.ts leaves out, as kube-apiserver 1.32 with default feature gates checks them
 * (pkg/apis/core/validation/validation.go ValidatePodSpec and what it calls), judged on the object after its defaults
 * (pkg/apis/core/v1/defaults.go: dnsPolicy ClusterFirst, terminationGracePeriodSeconds 30, securityContext {}), so a
 * field the server fills in never gives a finding:
 * - affinity: validateAffinity, validateNodeAffinity, ValidateNodeSelector, ValidateNodeSelectorTerm,
 *   ValidateNodeSelectorRequirement, ValidateNodeFieldSelectorRequirement, ValidatePreferredSchedulingTerms,
 *   validatePodAffinityTerm, validateWeightedPodAffinityTerms, ValidatePodAffinityTermSelector,
 *   validateMatchLabelKeysAndMismatchLabelKeys.
 * - topologySpreadConstraints: validateTopologySpreadConstraints (ValidateMaxSkew, ValidateTopologyKey,
 *   ValidateWhenUnsatisfiable, ValidateSpreadConstraintNotRepeat, validateMinDomains, validateNodeInclusionPolicy,
 *   validateMatchLabelKeysInTopologySpread).
 * - dnsPolicy and dnsConfig: validateDNSPolicy, validatePodDNSConfig.
 * - securityContext of the pod (validatePodSpecSecurityContext, validateSysctls, ValidateHostSysctl,
 *   validateFSGroupChangePolicy) and of containers and init containers (ValidateSecurityContext), with
 *   validateSeccompProfileField and ValidateAppArmorProfileField for both.
 * - ValidatePodSpec's own checks: activeDeadlineSeconds, hostname, subdomain, priorityClassName, runtimeClassName,
 *   serviceAccountName, nodeName, preemptionPolicy (ValidatePreemptionPolicy), hostAliases (ValidateHostAliases),
 *   readinessGates (validateReadinessGates), schedulingGates (validateSchedulingGates), os (validateOS).
 *
 * Left out on purpose (a false positive is worse than a gap):
 * - Label values in node affinity matchExpressions: validated only from 1.33 (kubernetes/kubernetes#128212).
 * - securityContext.procMount: the ProcMountType gate is off by default in 1.32, so dropDisabledFields clears it;
 *   hostUsers (UserNamespacesSupport, off by default in 1.32) likewise, with validateHostUsers.
 * - supplementalGroupsPolicy (SupplementalGroupsPolicy, alpha) and seLinuxChangePolicy (SELinuxChangePolicy, alpha).
 * - pod-level resources (PodLevelResources, alpha), resourceClaims (DynamicResourceAllocation, off by default).
 * - dnsConfig.searches with '_' or a lone '.': accepted only with RelaxedDNSSearchValidation (alpha in 1.32, beta and
 *   on from 1.33); 1.32 refuses them, and so does this module.
 * - matchLabelKeys of pod (anti-)affinity repeated in the labelSelector: on a Pod the server first merges the keys
 *   into the selector, which this module cannot replay faithfully.
 * - windowsOptions, validateLinux/validateWindows (OS-specific fields), privileged "disallowed by cluster policy"
 *   (--allow-privileged defaults to true), priority (the Priority admission plugin, not validation, checks it),
 *   terminationGracePeriodSeconds (only required, and defaulted; negative values are not refused),
 *   restartPolicy (pod-spec.ts judges it by owner kind).
 *
 * With `partial` (a KServe LLMInferenceService template merged later with its presets), a value that is missing is
 * not judged, because the preset may supply it; a value that is present and wrong still is.
 */
import {
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  QUALIFIED_NAME_RULE,
  formatProblem,
  qualifiedNameProblem,
  type NameFormat,
} from './formats.js';
import { parseCidr } from './network-policy.js';
import { SRC, asArr, asObj, asStr, fieldOf, ptr, quote, type Obj, type Report } from './report.js';
import { checkLabelSelector } from './selectors.js';

export interface PodSpecExtrasOptions {
  /** The spec is merged with presets before it becomes a Pod: missing values are not judged. */
  partial?: boolean;
}

interface Ctx {
  report: Report;
  partial: boolean;
}

const CORE = (fn: string): string => `${SRC.core} (${fn})`;
const MAX_INT32 = 2147483647;
// Limits of validatePodDNSConfig (from libc's resolver).
const MAX_DNS_NAMESERVERS = 3;
const MAX_DNS_SEARCH_PATHS = 32;
const MAX_DNS_SEARCH_LIST_CHARS = 2048;
const SYSCTL_MAX_LENGTH = 253;
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];
const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const APPARMOR_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const FS_GROUP_CHANGE_POLICIES = ['Always', 'OnRootMismatch'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];
const OS_NAMES = ['linux', 'windows'];

const present = (v: unknown): boolean => v !== undefined && v !== null;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const oneOf = (values: readonly string[]): string =>
  values.length === 1
    ? `"${values[0]!}"`
    : `${values
        .slice(0, -1)
        .map((v) => `"${v}"`)
        .join(', ')} or "${values[values.length - 1]!}"`;
const singular = (format: NameFormat): string => format.plural.replace(/s$/, '');
/** validation.IsValidIP: netutils.ParseIPSloppy, so IPv4 with leading zeros is accepted. */
const isIP = (s: string): boolean => !s.includes('/') && parseCidr(`${s}/0`) !== undefined;

/** A required value is absent or empty. In a partial template the preset may supply it. */
function missing(c: Ctx, at: string, text: string, fn: string): void {
  if (!c.partial) c.report.add(at, `${fieldOf(at)} is missing: ${text}`, CORE(fn));
}

/** field.NotSupported, with the casing fix when only the case is wrong. */
function notSupported(c: Ctx, at: string, value: string, allowed: readonly string[], fn: string): void {
  const near = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  c.report.add(
    at,
    `${fieldOf(at)} ${quote(value)} is not supported: it must be ${oneOf(allowed)}; ${near ? `values are case-sensitive, so write "${near}"` : 'use one of them'}.`,
    CORE(fn),
  );
}

/** An enum that has no default: absent or empty is refused (required), anything unlisted is not supported. */
function requiredEnum(c: Ctx, value: unknown, at: string, allowed: readonly string[], fn: string): void {
  if (typeof value === 'string' && value !== '') {
    if (!allowed.includes(value)) notSupported(c, at, value, allowed, fn);
  } else if (!present(value) || value === '') {
    missing(c, at, `it must be ${oneOf(allowed)}; set it.`, fn);
  }
}

/** An optional enum: judged only when given. */
function optionalEnum(c: Ctx, value: unknown, at: string, allowed: readonly string[], fn: string): void {
  if (typeof value === 'string' && !allowed.includes(value)) notSupported(c, at, value, allowed, fn);
}

/** A DNS label or subdomain, when it is a non-empty string. */
function checkName(c: Ctx, value: unknown, at: string, format: NameFormat, fn: string, todo = 'fix it'): void {
  if (typeof value !== 'string' || value === '') return;
  const extra = formatProblem(value, format);
  if (extra !== undefined)
    c.report.add(
      at,
      `${fieldOf(at)} ${quote(value)} is not valid: it must be a ${singular(format)} (${format.rule})${extra}; ${todo}.`,
      CORE(fn),
    );
}

/** IsQualifiedName (ValidateLabelName, ValidateQualifiedName) on a given string; empty is reported as missing. */
function checkQualified(c: Ctx, value: unknown, at: string, what: string, fn: string): void {
  if (typeof value !== 'string') {
    if (!present(value)) missing(c, at, `a ${what} is required; add it.`, fn);
    return;
  }
  if (value === '') {
    missing(c, at, `a ${what} is required; add it.`, fn);
    return;
  }
  const why = qualifiedNameProblem(value);
  if (why)
    c.report.add(
      at,
      `${fieldOf(at)} ${quote(value)} is not a valid ${what}: it must be a qualified name (${QUALIFIED_NAME_RULE}), but ${why}; fix it.`,
      CORE(fn),
    );
}

/** IsValidUserID / IsValidGroupID: 0 to 2147483647. */
function checkId(c: Ctx, value: unknown, at: string, fn: string): void {
  const n = num(value);
  if (n !== undefined && (n < 0 || n > MAX_INT32))
    c.report.add(
      at,
      `${fieldOf(at)} is ${n}: it must be between 0 and ${MAX_INT32}, inclusive; use a non-negative ID (0 is root).`,
      CORE(fn),
    );
}

/** Weights of preferred terms: 1 to 100 (ValidatePreferredSchedulingTerms, validateWeightedPodAffinityTerms). */
function checkWeight(c: Ctx, value: unknown, at: string, fn: string): void {
  const n = num(value);
  if (n === undefined) {
    if (!present(value)) missing(c, at, 'a preferred term needs a weight in the range 1-100; add it.', fn);
  } else if (n < 1 || n > 100) {
    c.report.add(at, `${fieldOf(at)} is ${n}: it must be in the range 1-100; set a weight from 1 to 100.`, CORE(fn));
  }
}

export function checkPodSpecExtras(spec: Obj, at: string, report: Report, options: PodSpecExtrasOptions = {}): void {
  const c: Ctx = { report, partial: options.partial === true };
  checkAffinity(c, asObj(spec.affinity), ptr(at, 'affinity'));
  checkTopologySpread(c, spec.topologySpreadConstraints, ptr(at, 'topologySpreadConstraints'));
  checkDNS(c, spec, at);
  checkPodSecurityContext(c, spec, at);
  for (const field of ['containers', 'initContainers']) {
    asArr(spec[field]).forEach((entry, i) => {
      const sc = asObj(asObj(entry)?.securityContext);
      if (sc) checkContainerSecurityContext(c, sc, ptr(at, field, i, 'securityContext'));
    });
  }
  checkPodSpecFields(c, spec, at);
}

// ---------------------------------------------------------------------------------------------------------------
// affinity: validateAffinity.

function checkAffinity(c: Ctx, affinity: Obj | undefined, at: string): void {
  if (!affinity) return;
  const node = asObj(affinity.nodeAffinity);
  if (node) {
    const nat = ptr(at, 'nodeAffinity');
    // ValidateNodeSelector: a required node selector needs at least one term.
    const required = asObj(node.requiredDuringSchedulingIgnoredDuringExecution);
    if (required) {
      const rat = ptr(nat, 'requiredDuringSchedulingIgnoredDuringExecution');
      const terms = asArr(required.nodeSelectorTerms);
      if (terms.length === 0) {
        if (Array.isArray(required.nodeSelectorTerms))
          c.report.add(
            ptr(rat, 'nodeSelectorTerms'),
            `${fieldOf(ptr(rat, 'nodeSelectorTerms'))} is empty: it must have at least one node selector term; add a term with matchExpressions, or remove requiredDuringSchedulingIgnoredDuringExecution.`,
            CORE('ValidateNodeSelector'),
          );
        else
          missing(
            c,
            ptr(rat, 'nodeSelectorTerms'),
            'a required node selector must have at least one node selector term; add a term with matchExpressions, or remove requiredDuringSchedulingIgnoredDuringExecution.',
            'ValidateNodeSelector',
          );
      }
      terms.forEach((term, i) => checkNodeSelectorTerm(c, asObj(term), ptr(rat, 'nodeSelectorTerms', i)));
    }
    asArr(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((entry, i) => {
      const term = asObj(entry);
      if (!term) return;
      const tat = ptr(nat, 'preferredDuringSchedulingIgnoredDuringExecution', i);
      checkWeight(c, term.weight, ptr(tat, 'weight'), 'ValidatePreferredSchedulingTerms');
      checkNodeSelectorTerm(c, asObj(term.preference), ptr(tat, 'preference'));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = asObj(affinity[kind]);
    if (!pa) continue;
    const pat = ptr(at, kind);
    asArr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) =>
      checkPodAffinityTerm(c, asObj(term), ptr(pat, 'requiredDuringSchedulingIgnoredDuringExecution', i)),
    );
    asArr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((entry, i) => {
      const weighted = asObj(entry);
      if (!weighted) return;
      const wat = ptr(pat, 'preferredDuringSchedulingIgnoredDuringExecution', i);
      checkWeight(c, weighted.weight, ptr(wat, 'weight'), 'validateWeightedPodAffinityTerms');
      const term = asObj(weighted.podAffinityTerm);
      if (term) checkPodAffinityTerm(c, term, ptr(wat, 'podAffinityTerm'));
      else
        missing(
          c,
          ptr(wat, 'podAffinityTerm'),
          'a weighted term needs a podAffinityTerm with a topologyKey; add it.',
          'validateWeightedPodAffinityTerms',
        );
    });
  }
}

/** ValidateNodeSelectorTerm: matchExpressions (ValidateNodeSelectorRequirement) and matchFields. */
function checkNodeSelectorTerm(c: Ctx, term: Obj | undefined, at: string): void {
  if (!term) return;
  asArr(term.matchExpressions).forEach((entry, i) => {
    const req = asObj(entry);
    if (!req) return;
    const rat = ptr(at, 'matchExpressions', i);
    const operator = asStr(req.operator) ?? '';
    const values = asArr(req.values);
    const fn = 'ValidateNodeSelectorRequirement';
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0)
        c.report.add(
          ptr(rat, 'values'),
          `${fieldOf(ptr(rat, 'values'))} is empty, but operator ${operator} needs at least one value; list the label values to match, or use Exists/DoesNotExist to test only for the key.`,
          CORE(fn),
        );
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0)
        c.report.add(
          ptr(rat, 'values'),
          `${fieldOf(ptr(rat, 'values'))} is set, but operator ${operator} takes no values; remove the values, or use In/NotIn to compare them.`,
          CORE(fn),
        );
    } else if (operator === 'Gt' || operator === 'Lt') {
      if (values.length !== 1)
        c.report.add(
          ptr(rat, 'values'),
          `${fieldOf(ptr(rat, 'values'))} has ${values.length} values, but operator ${operator} takes exactly one (an integer to compare the label with); give a single value.`,
          CORE(fn),
        );
    } else if (operator !== '') {
      notSupported(c, ptr(rat, 'operator'), operator, NODE_SELECTOR_OPERATORS, fn);
    } else {
      missing(c, ptr(rat, 'operator'), `it must be ${oneOf(NODE_SELECTOR_OPERATORS)}; set it.`, fn);
    }
    checkQualified(c, req.key, ptr(rat, 'key'), 'node label key', fn);
  });
  asArr(term.matchFields).forEach((entry, i) => {
    const req = asObj(entry);
    if (!req) return;
    const rat = ptr(at, 'matchFields', i);
    const fn = 'ValidateNodeFieldSelectorRequirement';
    const operator = asStr(req.operator) ?? '';
    const values = asArr(req.values);
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length !== 1)
        c.report.add(
          ptr(rat, 'values'),
          `${fieldOf(ptr(rat, 'values'))} has ${values.length} values, but a node field selector with operator ${operator} takes exactly one (a node name); give a single value.`,
          CORE(fn),
        );
    } else if (operator !== '' || !c.partial) {
      c.report.add(
        ptr(rat, 'operator'),
        `${fieldOf(ptr(rat, 'operator'))} ${quote(operator)} is not a valid node field selector operator: matchFields accepts only "In" or "NotIn"; use one of them (or move the requirement to matchExpressions).`,
        CORE(fn),
      );
    }
    const key = asStr(req.key) ?? '';
    if (key !== 'metadata.name') {
      if (key !== '' || !c.partial)
        c.report.add(
          ptr(rat, 'key'),
          `${fieldOf(ptr(rat, 'key'))} ${quote(key)} is not a valid field selector key: matchFields supports only "metadata.name"; use it, or move the requirement to matchExpressions to match a node label.`,
          CORE(fn),
        );
    } else {
      values.forEach((v, j) =>
        checkName(c, v, ptr(rat, 'values', j), DNS1123_SUBDOMAIN, fn, 'give the name of a node'),
      );
    }
  });
}

/** validatePodAffinityTerm: selectors, namespaces, matchLabelKeys/mismatchLabelKeys, topologyKey. */
function checkPodAffinityTerm(c: Ctx, term: Obj | undefined, at: string): void {
  if (!term) return;
  // ValidatePodAffinityTermSelector: both selectors, label values checked (AllowInvalidLabelValueInSelector is false on create).
  checkLabelSelector(term.labelSelector, ptr(at, 'labelSelector'), c.report);
  checkLabelSelector(term.namespaceSelector, ptr(at, 'namespaceSelector'), c.report);
  asArr(term.namespaces).forEach((ns, i) =>
    checkName(
      c,
      ns,
      ptr(at, 'namespaces', i),
      DNS1123_LABEL,
      'validatePodAffinityTerm, ValidateNamespaceName',
      'name an existing namespace',
    ),
  );
  // validateMatchLabelKeysAndMismatchLabelKeys (MatchLabelKeysInPodAffinity, beta and on by default since 1.31).
  const fn = 'validateMatchLabelKeysAndMismatchLabelKeys';
  const hasSelector = present(term.labelSelector);
  for (const field of ['matchLabelKeys', 'mismatchLabelKeys']) {
    const keys = asArr(term[field]);
    if (keys.length === 0) continue;
    const kat = ptr(at, field);
    if (!hasSelector) {
      c.report.add(
        kat,
        `${fieldOf(kat)} is set, but it must not be specified when labelSelector is not set; add a labelSelector (the keys narrow it) or remove ${field}.`,
        CORE(fn),
      );
      continue;
    }
    keys.forEach((k, i) => {
      if (typeof k === 'string') checkQualified(c, k, ptr(kat, i), 'label key', fn);
    });
  }
  const mismatch = new Set(asArr(term.mismatchLabelKeys).filter((k): k is string => typeof k === 'string'));
  if (hasSelector)
    asArr(term.matchLabelKeys).forEach((k, i) => {
      if (typeof k === 'string' && mismatch.has(k))
        c.report.add(
          ptr(at, 'matchLabelKeys', i),
          `${fieldOf(ptr(at, 'matchLabelKeys', i))} ${quote(k)} exists in both matchLabelKeys and mismatchLabelKeys; a key cannot both match and mismatch, so remove it from one list.`,
          CORE(fn),
        );
    });
  checkQualified(
    c,
    term.topologyKey,
    ptr(at, 'topologyKey'),
    'topology key (a node label key such as kubernetes.io/hostname)',
    'validatePodAffinityTerm',
  );
}

// ---------------------------------------------------------------------------------------------------------------
// topologySpreadConstraints: validateTopologySpreadConstraints. No defaults apply to these fields.

function checkTopologySpread(c: Ctx, constraints: unknown, base: string): void {
  const items = asArr(constraints);
  const seen = new Map<string, number>();
  items.forEach((entry, i) => {
    const tsc = asObj(entry);
    if (!tsc) return;
    const at = ptr(base, i);
    const maxSkew = num(tsc.maxSkew);
    if (maxSkew === undefined) {
      if (!present(tsc.maxSkew))
        missing(
          c,
          ptr(at, 'maxSkew'),
          'it must be greater than zero; set maxSkew (1 spreads the Pods evenly).',
          'ValidateMaxSkew',
        );
    } else if (maxSkew <= 0) {
      c.report.add(
        ptr(at, 'maxSkew'),
        `${fieldOf(ptr(at, 'maxSkew'))} is ${maxSkew}: it must be greater than zero; set it to 1 or more.`,
        CORE('ValidateMaxSkew'),
      );
    }
    const topologyKey = asStr(tsc.topologyKey) ?? '';
    if (topologyKey === '')
      missing(
        c,
        ptr(at, 'topologyKey'),
        'it can not be empty; name the node label to spread over (e.g. topology.kubernetes.io/zone or kubernetes.io/hostname).',
        'ValidateTopologyKey',
      );
    const when = tsc.whenUnsatisfiable;
    requiredEnum(c, when, ptr(at, 'whenUnsatisfiable'), WHEN_UNSATISFIABLE, 'ValidateWhenUnsatisfiable');
    // ValidateSpreadConstraintNotRepeat: the server reports the first of the pair.
    if (topologyKey !== '' && typeof when === 'string') {
      const pair = `${topologyKey}\u0000${when}`;
      const first = seen.get(pair);
      if (first !== undefined)
        c.report.add(
          ptr(base, first),
          `${fieldOf(ptr(base, first))} and ${fieldOf(at)} both have {topologyKey, whenUnsatisfiable} = {${topologyKey}, ${when}}: each pair may appear only once; merge them or remove one.`,
          CORE('ValidateSpreadConstraintNotRepeat'),
        );
      else seen.set(pair, i);
    }
    if (present(tsc.minDomains)) {
      const mat = ptr(at, 'minDomains');
      const minDomains = num(tsc.minDomains);
      if (minDomains !== undefined && minDomains <= 0)
        c.report.add(
          mat,
          `${fieldOf(mat)} is ${minDomains}: it must be greater than zero; raise it or remove it.`,
          CORE('validateMinDomains'),
        );
      if (when !== 'DoNotSchedule' && (typeof when === 'string' || !c.partial))
        c.report.add(
          mat,
          `${fieldOf(mat)} is set, but minDomains can only be used with whenUnsatisfiable: DoNotSchedule (not ${typeof when === 'string' && when !== '' ? when : 'unset'}); set whenUnsatisfiable: DoNotSchedule or remove minDomains.`,
          CORE('validateMinDomains'),
        );
    }
    optionalEnum(
      c,
      tsc.nodeAffinityPolicy,
      ptr(at, 'nodeAffinityPolicy'),
      NODE_INCLUSION_POLICIES,
      'validateNodeInclusionPolicy',
    );
    optionalEnum(
      c,
      tsc.nodeTaintsPolicy,
      ptr(at, 'nodeTaintsPolicy'),
      NODE_INCLUSION_POLICIES,
      'validateNodeInclusionPolicy',
    );
    // validateMatchLabelKeysInTopologySpread (MatchLabelKeysInPodTopologySpread, beta and on by default since 1.27).
    const keys = asArr(tsc.matchLabelKeys);
    if (keys.length > 0) {
      const kat = ptr(at, 'matchLabelKeys');
      const selector = asObj(tsc.labelSelector);
      if (!selector) {
        c.report.add(
          kat,
          `${fieldOf(kat)} is set, but it must not be specified when labelSelector is not set; add a labelSelector (usually the workload's Pod labels) or remove matchLabelKeys.`,
          CORE('validateMatchLabelKeysInTopologySpread'),
        );
      } else {
        const selectorKeys = new Set<string>(Object.keys(asObj(selector.matchLabels) ?? {}));
        for (const e of asArr(selector.matchExpressions)) {
          const key = asStr(asObj(e)?.key);
          if (key !== undefined) selectorKeys.add(key);
        }
        keys.forEach((k, j) => {
          if (typeof k !== 'string') return;
          checkQualified(c, k, ptr(kat, j), 'label key', 'validateMatchLabelKeysInTopologySpread');
          if (selectorKeys.has(k))
            c.report.add(
              ptr(kat, j),
              `${fieldOf(ptr(kat, j))} ${quote(k)} exists in both matchLabelKeys and labelSelector; the key's value is taken from the Pod's own labels, so remove it from the labelSelector (or from matchLabelKeys).`,
              CORE('validateMatchLabelKeysInTopologySpread'),
            );
        });
      }
    }
    checkLabelSelector(tsc.labelSelector, ptr(at, 'labelSelector'), c.report);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// dnsPolicy (defaults to ClusterFirst) and dnsConfig: validateDNSPolicy, validatePodDNSConfig.

function checkDNS(c: Ctx, spec: Obj, at: string): void {
  const policy = spec.dnsPolicy;
  if (typeof policy === 'string' && policy !== '' && !DNS_POLICIES.includes(policy))
    notSupported(c, ptr(at, 'dnsPolicy'), policy, DNS_POLICIES, 'validateDNSPolicy');
  const config = asObj(spec.dnsConfig);
  const cat = ptr(at, 'dnsConfig');
  const fn = 'validatePodDNSConfig';
  if (policy === 'None') {
    if (!config) {
      missing(
        c,
        cat,
        'dnsConfig must be provided when dnsPolicy is None; add dnsConfig with at least one nameserver, or use dnsPolicy: ClusterFirst.',
        fn,
      );
      return;
    }
    if (asArr(config.nameservers).length === 0) {
      missing(
        c,
        ptr(cat, 'nameservers'),
        'at least one DNS nameserver must be provided when dnsPolicy is None; list the nameserver IPs, or use dnsPolicy: ClusterFirst.',
        fn,
      );
      return;
    }
  }
  if (!config) return;
  const nameservers = asArr(config.nameservers);
  if (nameservers.length > MAX_DNS_NAMESERVERS)
    c.report.add(
      ptr(cat, 'nameservers'),
      `${fieldOf(ptr(cat, 'nameservers'))} has ${nameservers.length} entries: it must not have more than ${MAX_DNS_NAMESERVERS} nameservers (the libc resolver limit); keep at most ${MAX_DNS_NAMESERVERS}.`,
      CORE(fn),
    );
  nameservers.forEach((ns, i) => {
    if (typeof ns === 'string' && !isIP(ns))
      c.report.add(
        ptr(cat, 'nameservers', i),
        `${fieldOf(ptr(cat, 'nameservers', i))} ${quote(ns)} is not a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff); nameservers are given by IP, so fix it.`,
        CORE(fn),
      );
  });
  const searches = asArr(config.searches);
  if (searches.length > MAX_DNS_SEARCH_PATHS)
    c.report.add(
      ptr(cat, 'searches'),
      `${fieldOf(ptr(cat, 'searches'))} has ${searches.length} entries: it must not have more than ${MAX_DNS_SEARCH_PATHS} search paths; remove some.`,
      CORE(fn),
    );
  const joined = searches.map((s) => (typeof s === 'string' ? s : '')).join(' ');
  if (joined.length > MAX_DNS_SEARCH_LIST_CHARS)
    c.report.add(
      ptr(cat, 'searches'),
      `${fieldOf(ptr(cat, 'searches'))} is ${joined.length} characters long (joined with spaces): it must not have more than ${MAX_DNS_SEARCH_LIST_CHARS} characters in the search list; shorten or remove search paths.`,
      CORE(fn),
    );
  searches.forEach((s, i) => {
    if (typeof s !== 'string') return;
    // One trailing dot (a fully qualified name) is allowed; RelaxedDNSSearchValidation ('_', '.') is alpha in 1.32.
    const name = s.endsWith('.') ? s.slice(0, -1) : s;
    const extra = formatProblem(name, DNS1123_SUBDOMAIN);
    if (extra !== undefined)
      c.report.add(
        ptr(cat, 'searches', i),
        `${fieldOf(ptr(cat, 'searches', i))} ${quote(s)} is not a valid search domain: it must be a ${singular(DNS1123_SUBDOMAIN)} (${DNS1123_SUBDOMAIN.rule}), optionally with one trailing '.'${extra}; fix it.`,
        CORE(fn),
      );
  });
  asArr(config.options).forEach((entry, i) => {
    const option = asObj(entry);
    if (option && !asStr(option.name))
      c.report.add(
        ptr(cat, 'options', i, 'name'),
        `${fieldOf(ptr(cat, 'options', i, 'name'))} is missing: every DNS option needs a name (e.g. ndots); add it or remove the option.`,
        CORE(fn),
      );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// securityContext.

/** validatePodSpecSecurityContext. hostPID, hostIPC, hostNetwork and shareProcessNamespace live on the v1 PodSpec. */
function checkPodSecurityContext(c: Ctx, spec: Obj, at: string): void {
  const fn = 'validatePodSpecSecurityContext';
  if (spec.shareProcessNamespace === true && spec.hostPID === true)
    c.report.add(
      ptr(at, 'shareProcessNamespace'),
      `${fieldOf(ptr(at, 'shareProcessNamespace'))} is true together with hostPID: true; ShareProcessNamespace and HostPID cannot both be enabled, so remove one.`,
      CORE(fn),
    );
  const sc = asObj(spec.securityContext);
  if (!sc) return;
  const sat = ptr(at, 'securityContext');
  for (const field of ['runAsUser', 'runAsGroup', 'fsGroup']) checkId(c, sc[field], ptr(sat, field), fn);
  asArr(sc.supplementalGroups).forEach((g, i) => checkId(c, g, ptr(sat, 'supplementalGroups', i), fn));
  optionalEnum(
    c,
    sc.fsGroupChangePolicy,
    ptr(sat, 'fsGroupChangePolicy'),
    FS_GROUP_CHANGE_POLICIES,
    'validateFSGroupChangePolicy',
  );
  checkSeccomp(c, asObj(sc.seccompProfile), ptr(sat, 'seccompProfile'));
  checkAppArmor(c, asObj(sc.appArmorProfile), ptr(sat, 'appArmorProfile'));

  // validateSysctls, ValidateHostSysctl.
  const names = new Set<string>();
  asArr(sc.sysctls).forEach((entry, i) => {
    const sysctl = asObj(entry);
    if (!sysctl) return;
    const nat = ptr(sat, 'sysctls', i, 'name');
    const name = asStr(sysctl.name) ?? '';
    if (name === '') {
      missing(c, nat, 'every sysctl needs a name (e.g. net.core.somaxconn); add it.', 'validateSysctls');
      return;
    }
    if (name.length > SYSCTL_MAX_LENGTH || !SYSCTL_NAME.test(name)) {
      c.report.add(
        nat,
        `${fieldOf(nat)} ${quote(name)} is not a valid sysctl name: it must have at most ${SYSCTL_MAX_LENGTH} characters, segments of lower-case letters, digits, '-' and '_' (starting and ending with a letter or digit) joined by '.' or '/'; fix it (no wildcards).`,
        CORE('validateSysctls'),
      );
    } else if (names.has(name)) {
      c.report.add(
        nat,
        `${fieldOf(nat)} ${quote(name)} is set twice: each sysctl may appear once; remove the duplicate.`,
        CORE('validateSysctls'),
      );
    }
    names.add(name);
    const ns = sysctlNamespace(name);
    if (ns === 'net' && spec.hostNetwork === true)
      c.report.add(
        nat,
        `${fieldOf(nat)} ${quote(name)} is a network-namespaced sysctl, which may not be specified when hostNetwork is true (it would change the node's network stack); remove the sysctl or hostNetwork.`,
        CORE('ValidateHostSysctl'),
      );
    else if (ns === 'ipc' && spec.hostIPC === true)
      c.report.add(
        nat,
        `${fieldOf(nat)} ${quote(name)} is an IPC-namespaced sysctl, which may not be specified when hostIPC is true; remove the sysctl or hostIPC.`,
        CORE('ValidateHostSysctl'),
      );
  });
}

/**
 * The namespace of a sysctl as component-helpers/node/util/sysctl sees it, only for the dotted names every version
 * agrees on (slash-separated names are normalized only in newer versions, so they are not judged).
 */
function sysctlNamespace(name: string): 'net' | 'ipc' | undefined {
  if (name.startsWith('net.')) return 'net';
  if (name.startsWith('fs.mqueue.')) return 'ipc';
  const ipc = [
    'kernel.sem',
    'kernel.shmall',
    'kernel.shmmax',
    'kernel.shmmni',
    'kernel.shm_rmid_forced',
    'kernel.msgmax',
    'kernel.msgmnb',
    'kernel.msgmni',
  ];
  return ipc.includes(name) ? 'ipc' : undefined;
}

/** ValidateSecurityContext (containers and init containers). */
function checkContainerSecurityContext(c: Ctx, sc: Obj, at: string): void {
  const fn = 'ValidateSecurityContext';
  checkId(c, sc.runAsUser, ptr(at, 'runAsUser'), fn);
  checkId(c, sc.runAsGroup, ptr(at, 'runAsGroup'), fn);
  checkSeccomp(c, asObj(sc.seccompProfile), ptr(at, 'seccompProfile'));
  checkAppArmor(c, asObj(sc.appArmorProfile), ptr(at, 'appArmorProfile'));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true)
      c.report.add(
        at,
        `${fieldOf(at)} cannot set \`allowPrivilegeEscalation\` to false and \`privileged\` to true (a privileged container can always escalate); remove one of them.`,
        CORE(fn),
      );
    // The server compares the literal string: "SYS_ADMIN" (the usual spelling) is not refused.
    if (asArr(asObj(sc.capabilities)?.add).includes('CAP_SYS_ADMIN'))
      c.report.add(
        at,
        `${fieldOf(at)} cannot set \`allowPrivilegeEscalation\` to false and \`capabilities.add\` CAP_SYS_ADMIN (CAP_SYS_ADMIN allows escalation); remove one of them.`,
        CORE(fn),
      );
  }
}

/** validateSeccompProfileField. */
function checkSeccomp(c: Ctx, profile: Obj | undefined, at: string): void {
  if (!profile) return;
  const fn = 'validateSeccompProfileField';
  const type = profile.type;
  if (typeof type === 'string' && type !== '') {
    if (!SECCOMP_TYPES.includes(type))
      notSupported(c, ptr(at, 'type'), type, SECCOMP_TYPES, 'validateSeccompProfileType');
  } else {
    missing(
      c,
      ptr(at, 'type'),
      `type is required when seccompProfile is set; use ${oneOf(SECCOMP_TYPES)} (RuntimeDefault is the usual choice).`,
      'validateSeccompProfileType',
    );
  }
  const local = profile.localhostProfile;
  if (type === 'Localhost') {
    if (typeof local !== 'string') {
      if (!present(local))
        missing(
          c,
          ptr(at, 'localhostProfile'),
          'it must be set when seccomp type is Localhost; give the profile path relative to the kubelet seccomp directory.',
          fn,
        );
    } else {
      checkLocalDescendingPath(c, local, ptr(at, 'localhostProfile'), fn);
    }
  } else if (present(local) && typeof type === 'string' && type !== '') {
    c.report.add(
      ptr(at, 'localhostProfile'),
      `${fieldOf(ptr(at, 'localhostProfile'))} can only be set when seccomp type is Localhost (it is ${type}); remove it or set type: Localhost.`,
      CORE(fn),
    );
  }
}

/** validateLocalDescendingPath: relative, without '..' (validatePathNoBacksteps). */
function checkLocalDescendingPath(c: Ctx, path: string, at: string, fn: string): void {
  if (path.startsWith('/'))
    c.report.add(
      at,
      `${fieldOf(at)} ${quote(path)} must be a relative path (relative to the kubelet's seccomp profile directory); drop the leading '/'.`,
      CORE(`${fn}, validateLocalDescendingPath`),
    );
  if (path.split('/').includes('..'))
    c.report.add(
      at,
      `${fieldOf(at)} ${quote(path)} must not contain '..'; give a path inside the profile directory.`,
      CORE(`${fn}, validatePathNoBacksteps`),
    );
}

/** ValidateAppArmorProfileField (appArmorProfile fields, GA since 1.31). */
function checkAppArmor(c: Ctx, profile: Obj | undefined, at: string): void {
  if (!profile) return;
  const fn = 'ValidateAppArmorProfileField';
  const type = profile.type;
  const local = profile.localhostProfile;
  if (type === 'Localhost') {
    if (!present(local) || local === '')
      missing(
        c,
        ptr(at, 'localhostProfile'),
        'it must be set when AppArmor type is Localhost; name the profile loaded on the node.',
        fn,
      );
  } else if (typeof type === 'string' && type !== '') {
    if (!APPARMOR_TYPES.includes(type)) notSupported(c, ptr(at, 'type'), type, APPARMOR_TYPES, fn);
    else if (present(local))
      c.report.add(
        ptr(at, 'localhostProfile'),
        `${fieldOf(ptr(at, 'localhostProfile'))} can only be set when AppArmor type is Localhost (it is ${type}); remove it or set type: Localhost.`,
        CORE(fn),
      );
  } else {
    missing(c, ptr(at, 'type'), `type is required when appArmorProfile is set; use ${oneOf(APPARMOR_TYPES)}.`, fn);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// ValidatePodSpec's own field checks.

function checkPodSpecFields(c: Ctx, spec: Obj, at: string): void {
  const deadline = num(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32))
    c.report.add(
      ptr(at, 'activeDeadlineSeconds'),
      `${fieldOf(ptr(at, 'activeDeadlineSeconds'))} is ${deadline}: it must be between 1 and ${MAX_INT32}, inclusive; set a positive number of seconds or remove it.`,
      CORE('ValidatePodSpec'),
    );
  checkName(c, spec.hostname, ptr(at, 'hostname'), DNS1123_LABEL, 'ValidatePodSpec', 'fix the hostname');
  checkName(
    c,
    spec.subdomain,
    ptr(at, 'subdomain'),
    DNS1123_LABEL,
    'ValidatePodSpec',
    'use the name of the headless Service',
  );
  checkName(
    c,
    spec.priorityClassName,
    ptr(at, 'priorityClassName'),
    DNS1123_SUBDOMAIN,
    'ValidatePodSpec, ValidatePriorityClassName',
    'name an existing PriorityClass',
  );
  checkName(
    c,
    spec.runtimeClassName,
    ptr(at, 'runtimeClassName'),
    DNS1123_SUBDOMAIN,
    'ValidateRuntimeClassName',
    'name an existing RuntimeClass',
  );
  checkName(
    c,
    spec.serviceAccountName,
    ptr(at, 'serviceAccountName'),
    DNS1123_SUBDOMAIN,
    'ValidatePodSpec, ValidateServiceAccountName',
    'name an existing ServiceAccount',
  );
  checkName(
    c,
    spec.nodeName,
    ptr(at, 'nodeName'),
    DNS1123_SUBDOMAIN,
    'ValidatePodSpec, ValidateNodeName',
    'name an existing node, or use a nodeSelector',
  );
  if (typeof spec.preemptionPolicy === 'string') {
    if (spec.preemptionPolicy === '')
      missing(
        c,
        ptr(at, 'preemptionPolicy'),
        `it must be ${oneOf(PREEMPTION_POLICIES)}; set it or remove the field.`,
        'ValidatePreemptionPolicy',
      );
    else
      optionalEnum(
        c,
        spec.preemptionPolicy,
        ptr(at, 'preemptionPolicy'),
        PREEMPTION_POLICIES,
        'ValidatePreemptionPolicy',
      );
  }

  // ValidateHostAliases.
  asArr(spec.hostAliases).forEach((entry, i) => {
    const alias = asObj(entry);
    if (!alias) return;
    const aat = ptr(at, 'hostAliases', i);
    const ip = asStr(alias.ip) ?? '';
    if (ip === '')
      missing(
        c,
        ptr(aat, 'ip'),
        'a host alias needs the IP address its hostnames resolve to; add it.',
        'ValidateHostAliases',
      );
    else if (!isIP(ip))
      c.report.add(
        ptr(aat, 'ip'),
        `${fieldOf(ptr(aat, 'ip'))} ${quote(ip)} is not a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff); fix it.`,
        CORE('ValidateHostAliases'),
      );
    asArr(alias.hostnames).forEach((h, j) => {
      if (h === '')
        missing(
          c,
          ptr(aat, 'hostnames', j),
          'a hostname may not be empty; remove the entry or name the host.',
          'ValidateHostAliases',
        );
      else checkName(c, h, ptr(aat, 'hostnames', j), DNS1123_SUBDOMAIN, 'ValidateHostAliases', 'fix the hostname');
    });
  });

  // validateReadinessGates.
  asArr(spec.readinessGates).forEach((entry, i) => {
    const gate = asObj(entry);
    if (gate)
      checkQualified(
        c,
        gate.conditionType,
        ptr(at, 'readinessGates', i, 'conditionType'),
        'condition type',
        'validateReadinessGates',
      );
  });

  // validateSchedulingGates: qualified names, no duplicates.
  const gates = new Map<string, number>();
  asArr(spec.schedulingGates).forEach((entry, i) => {
    const gate = asObj(entry);
    if (!gate) return;
    const gat = ptr(at, 'schedulingGates', i, 'name');
    checkQualified(c, gate.name, gat, 'scheduling gate name', 'validateSchedulingGates');
    const name = asStr(gate.name);
    if (name === undefined || name === '') return;
    const first = gates.get(name);
    if (first !== undefined)
      c.report.add(
        gat,
        `${fieldOf(gat)} ${quote(name)} repeats schedulingGates[${first}]: scheduling gates must be unique; remove the duplicate.`,
        CORE('validateSchedulingGates'),
      );
    else gates.set(name, i);
  });

  // validateOS.
  const os = asObj(spec.os);
  if (os) {
    const name = os.name;
    if (!present(name) || name === '')
      missing(c, ptr(at, 'os', 'name'), `the OS name must be ${oneOf(OS_NAMES)}; set it or remove os.`, 'validateOS');
    else if (typeof name === 'string' && !OS_NAMES.includes(name))
      notSupported(c, ptr(at, 'os', 'name'), name, OS_NAMES, 'validateOS');
  }
}
