import { describe, expect, it } from 'vitest';
import { checkPodSpecExtras, type PodSpecExtrasOptions } from '../src/pod-spec-extras.js';
import { Report } from '../src/report.js';

type O = Record<string, unknown>;
/** [JSON pointer, message] */
type Finding = [string, string];
/** A refused spec with its findings, and a spec the server accepts. */
type Case = [name: string, refused: O, accepted: O, findings: Finding[]];

const HINT =
  /^kube-apiserver: (pkg\/apis\/core|staging\/src\/k8s\.io\/apimachinery\/pkg\/apis\/meta\/v1)\/validation\/validation\.go \(\w+(, \w+)*\)$/;

/** The findings for a PodSpec at /spec; every finding must carry a hint naming the Go function. */
function run(spec: O, options?: PodSpecExtrasOptions, at = '/spec'): Finding[] {
  const report = new Report();
  checkPodSpecExtras(spec, at, report, options);
  for (const v of report.violations) expect(v.hint).toMatch(HINT);
  return report.violations.map(({ path, message }) => [path, message]);
}

const c = (sc: O): O => ({ containers: [{ name: 'main', image: 'x', securityContext: sc }] });
const na = (nodeAffinity: O): O => ({ affinity: { nodeAffinity } });
const req = (terms: unknown): O => na({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } });
const expr = (e: O): O => req([{ matchExpressions: [e] }]);
const field = (e: O): O => req([{ matchFields: [e] }]);
const anti = (term: O): O => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } },
});
const sel = { matchLabels: { app: 'vllm' } };
const tsc = (t: O): O => ({
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: sel,
      ...t,
    },
  ],
});

function table(cases: Case[]): void {
  it.each(cases)('%s', (_name, refused, accepted, findings) => {
    expect(run(refused)).toEqual(findings);
    expect(run(accepted)).toEqual([]);
  });
}

describe('affinity (validateAffinity)', () => {
  table([
    [
      'nodeSelectorTerms empty',
      req([]),
      expr({ key: 'cloud.google.com/gke-tpu-accelerator', operator: 'In', values: ['tpu-v5e-slice'] }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms',
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms is empty: it must have at least one node selector term; add a term with matchExpressions, or remove requiredDuringSchedulingIgnoredDuringExecution.',
        ],
      ],
    ],
    [
      'nodeSelectorTerms missing',
      na({ requiredDuringSchedulingIgnoredDuringExecution: {} }),
      req([{}]),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms',
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms is missing: a required node selector must have at least one node selector term; add a term with matchExpressions, or remove requiredDuringSchedulingIgnoredDuringExecution.',
        ],
      ],
    ],
    [
      'In without values',
      expr({ key: 'a', operator: 'In' }),
      expr({ key: 'a', operator: 'NotIn', values: ['x'] }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/values',
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values is empty, but operator In needs at least one value; list the label values to match, or use Exists/DoesNotExist to test only for the key.',
        ],
      ],
    ],
    [
      'Exists with values',
      expr({ key: 'a', operator: 'Exists', values: ['x'] }),
      expr({ key: 'a', operator: 'DoesNotExist' }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/values',
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values is set, but operator Exists takes no values; remove the values, or use In/NotIn to compare them.',
        ],
      ],
    ],
    [
      'Gt two values',
      expr({ key: 'a', operator: 'Gt', values: ['1', '2'] }),
      expr({ key: 'a', operator: 'Lt', values: ['3'] }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/values',
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values has 2 values, but operator Gt takes exactly one (an integer to compare the label with); give a single value.',
        ],
      ],
    ],
    [
      'bad operator',
      expr({ key: 'a', operator: 'in', values: ['x'] }),
      expr({ key: 'a', operator: 'In', values: ['x'] }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/operator',
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator "in" is not supported: it must be "In", "NotIn", "Exists", "DoesNotExist", "Gt" or "Lt"; values are case-sensitive, so write "In".',
        ],
      ],
    ],
    [
      'missing operator',
      expr({ key: 'a' }),
      expr({ key: 'a', operator: 'Exists' }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/operator',
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator is missing: it must be "In", "NotIn", "Exists", "DoesNotExist", "Gt" or "Lt"; set it.',
        ],
      ],
    ],
    [
      'bad key',
      expr({ key: 'bad key', operator: 'Exists' }),
      expr({ key: 'cloud.google.com/gke-tpu-topology', operator: 'Exists' }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/key',
          "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key \"bad key\" is not a valid node label key: it must be a qualified name (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but the name part \"bad key\" contains \" \"; fix it.",
        ],
      ],
    ],
    [
      'matchFields op',
      field({ key: 'metadata.name', operator: 'Exists' }),
      field({ key: 'metadata.name', operator: 'In', values: ['node-1'] }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchFields/0/operator',
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].operator "Exists" is not a valid node field selector operator: matchFields accepts only "In" or "NotIn"; use one of them (or move the requirement to matchExpressions).',
        ],
      ],
    ],
    [
      'matchFields key',
      field({ key: 'metadata.labels', operator: 'In', values: ['x'] }),
      field({ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchFields/0/key',
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key "metadata.labels" is not a valid field selector key: matchFields supports only "metadata.name"; use it, or move the requirement to matchExpressions to match a node label.',
        ],
      ],
    ],
    [
      'matchFields values',
      field({ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }),
      field({ key: 'metadata.name', operator: 'In', values: ['a'] }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchFields/0/values',
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values has 2 values, but a node field selector with operator In takes exactly one (a node name); give a single value.',
        ],
      ],
    ],
    [
      'matchFields node name',
      field({ key: 'metadata.name', operator: 'In', values: ['Node_1'] }),
      field({ key: 'metadata.name', operator: 'In', values: ['node-1.example'] }),
      [
        [
          '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchFields/0/values/0',
          "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0] \"Node_1\" is not valid: it must be a lowercase RFC 1123 subdomain (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); give the name of a node.",
        ],
      ],
    ],
    [
      'preferred weight',
      na({
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 0, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } },
        ],
      }),
      na({
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } },
        ],
      }),
      [
        [
          '/spec/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight',
          'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight is 0: it must be in the range 1-100; set a weight from 1 to 100.',
        ],
      ],
    ],
    [
      'preferred weight missing',
      na({ preferredDuringSchedulingIgnoredDuringExecution: [{ preference: {} }] }),
      na({ preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: {} }] }),
      [
        [
          '/spec/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight',
          'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight is missing: a preferred term needs a weight in the range 1-100; add it.',
        ],
      ],
    ],
    [
      'preferred weight 101',
      na({ preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, preference: {} }] }),
      na({ preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: {} }] }),
      [
        [
          '/spec/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight',
          'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight is 101: it must be in the range 1-100; set a weight from 1 to 100.',
        ],
      ],
    ],
    [
      'pod anti topologyKey missing',
      anti({ labelSelector: sel }),
      anti({ labelSelector: sel, topologyKey: 'kubernetes.io/hostname' }),
      [
        [
          '/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey',
          'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey is missing: a topology key (a node label key such as kubernetes.io/hostname) is required; add it.',
        ],
      ],
    ],
    [
      'pod anti topologyKey invalid',
      anti({ labelSelector: sel, topologyKey: 'kubernetes.io/' }),
      anti({ labelSelector: sel, topologyKey: 'topology.kubernetes.io/zone' }),
      [
        [
          '/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey',
          "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey \"kubernetes.io/\" is not a valid topology key (a node label key such as kubernetes.io/hostname): it must be a qualified name (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but the name part is empty; fix it.",
        ],
      ],
    ],
    [
      'pod anti selector',
      anti({
        labelSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] },
        topologyKey: 'kubernetes.io/hostname',
      }),
      anti({
        labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['vllm'] }] },
        topologyKey: 'kubernetes.io/hostname',
      }),
      [
        [
          '/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/labelSelector/matchExpressions/0/values',
          'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values is empty, but operator In needs at least one value; list the values, or use Exists/DoesNotExist to test only for the key.',
        ],
      ],
    ],
    [
      'pod aff namespaceSelector',
      {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { namespaceSelector: { matchLabels: { team: 'a b' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      },
      {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { namespaceSelector: { matchLabels: { team: 'ml' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      },
      [
        [
          '/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/namespaceSelector/matchLabels/team',
          "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchLabels.team \"a b\" is not a valid label selector value: label values must be empty or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit, but it contains \" \"; shorten or simplify the value.",
        ],
      ],
    ],
    [
      'namespaces',
      anti({ labelSelector: sel, namespaces: ['LLM'], topologyKey: 'kubernetes.io/hostname' }),
      anti({ labelSelector: sel, namespaces: ['llm'], topologyKey: 'kubernetes.io/hostname' }),
      [
        [
          '/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/namespaces/0',
          'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[0] "LLM" is not valid: it must be a lowercase RFC 1123 label (at most 63 characters: lower-case letters, digits and \'-\', starting and ending with a letter or digit); name an existing namespace.',
        ],
      ],
    ],
    [
      'weighted pod aff weight',
      {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 200, podAffinityTerm: { labelSelector: sel, topologyKey: 'kubernetes.io/hostname' } },
            ],
          },
        },
      },
      {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 20, podAffinityTerm: { labelSelector: sel, topologyKey: 'kubernetes.io/hostname' } },
            ],
          },
        },
      },
      [
        [
          '/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight',
          'spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight is 200: it must be in the range 1-100; set a weight from 1 to 100.',
        ],
      ],
    ],
    [
      'weighted missing term',
      { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20 }] } } },
      {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 20, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } },
            ],
          },
        },
      },
      [
        [
          '/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm',
          'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm is missing: a weighted term needs a podAffinityTerm with a topologyKey; add it.',
        ],
      ],
    ],
    [
      'matchLabelKeys without selector',
      anti({ matchLabelKeys: ['pod-template-hash'], topologyKey: 'kubernetes.io/hostname' }),
      anti({ labelSelector: sel, matchLabelKeys: ['pod-template-hash'], topologyKey: 'kubernetes.io/hostname' }),
      [
        [
          '/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/matchLabelKeys',
          'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys is set, but it must not be specified when labelSelector is not set; add a labelSelector (the keys narrow it) or remove matchLabelKeys.',
        ],
      ],
    ],
    [
      'matchLabelKeys invalid',
      anti({ labelSelector: sel, mismatchLabelKeys: ['bad key'], topologyKey: 'kubernetes.io/hostname' }),
      anti({ labelSelector: sel, mismatchLabelKeys: ['tenant'], topologyKey: 'kubernetes.io/hostname' }),
      [
        [
          '/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/mismatchLabelKeys/0',
          "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].mismatchLabelKeys[0] \"bad key\" is not a valid label key: it must be a qualified name (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but the name part \"bad key\" contains \" \"; fix it.",
        ],
      ],
    ],
    [
      'match and mismatch',
      anti({
        labelSelector: sel,
        matchLabelKeys: ['tenant'],
        mismatchLabelKeys: ['tenant'],
        topologyKey: 'kubernetes.io/hostname',
      }),
      anti({
        labelSelector: sel,
        matchLabelKeys: ['pod-template-hash'],
        mismatchLabelKeys: ['tenant'],
        topologyKey: 'kubernetes.io/hostname',
      }),
      [
        [
          '/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/matchLabelKeys/0',
          'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0] "tenant" exists in both matchLabelKeys and mismatchLabelKeys; a key cannot both match and mismatch, so remove it from one list.',
        ],
      ],
    ],
  ]);

  it('accepts node affinity values that are not label values (validated only from 1.33)', () => {
    expect(run(expr({ key: 'pool', operator: 'In', values: ['not a label value!'] }))).toEqual([]);
  });
});

describe('topologySpreadConstraints (validateTopologySpreadConstraints)', () => {
  table([
    [
      'tsc maxSkew 0',
      tsc({ maxSkew: 0 }),
      tsc({ maxSkew: 2 }),
      [
        [
          '/spec/topologySpreadConstraints/0/maxSkew',
          'spec.topologySpreadConstraints[0].maxSkew is 0: it must be greater than zero; set it to 1 or more.',
        ],
      ],
    ],
    [
      'tsc maxSkew missing',
      tsc({ maxSkew: undefined }),
      tsc({}),
      [
        [
          '/spec/topologySpreadConstraints/0/maxSkew',
          'spec.topologySpreadConstraints[0].maxSkew is missing: it must be greater than zero; set maxSkew (1 spreads the Pods evenly).',
        ],
      ],
    ],
    [
      'tsc topologyKey',
      tsc({ topologyKey: '' }),
      tsc({ topologyKey: 'kubernetes.io/hostname' }),
      [
        [
          '/spec/topologySpreadConstraints/0/topologyKey',
          'spec.topologySpreadConstraints[0].topologyKey is missing: it can not be empty; name the node label to spread over (e.g. topology.kubernetes.io/zone or kubernetes.io/hostname).',
        ],
      ],
    ],
    [
      'tsc whenUnsatisfiable bad',
      tsc({ whenUnsatisfiable: 'doNotSchedule' }),
      tsc({ whenUnsatisfiable: 'ScheduleAnyway' }),
      [
        [
          '/spec/topologySpreadConstraints/0/whenUnsatisfiable',
          'spec.topologySpreadConstraints[0].whenUnsatisfiable "doNotSchedule" is not supported: it must be "DoNotSchedule" or "ScheduleAnyway"; values are case-sensitive, so write "DoNotSchedule".',
        ],
      ],
    ],
    [
      'tsc whenUnsatisfiable missing',
      tsc({ whenUnsatisfiable: undefined }),
      tsc({}),
      [
        [
          '/spec/topologySpreadConstraints/0/whenUnsatisfiable',
          'spec.topologySpreadConstraints[0].whenUnsatisfiable is missing: it must be "DoNotSchedule" or "ScheduleAnyway"; set it.',
        ],
      ],
    ],
    [
      'tsc duplicate',
      {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
          { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
        ],
      },
      {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
          { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' },
        ],
      },
      [
        [
          '/spec/topologySpreadConstraints/0',
          'spec.topologySpreadConstraints[0] and spec.topologySpreadConstraints[1] both have {topologyKey, whenUnsatisfiable} = {zone, DoNotSchedule}: each pair may appear only once; merge them or remove one.',
        ],
      ],
    ],
    [
      'tsc minDomains 0',
      tsc({ minDomains: 0 }),
      tsc({ minDomains: 3 }),
      [
        [
          '/spec/topologySpreadConstraints/0/minDomains',
          'spec.topologySpreadConstraints[0].minDomains is 0: it must be greater than zero; raise it or remove it.',
        ],
      ],
    ],
    [
      'tsc minDomains ScheduleAnyway',
      tsc({ minDomains: 2, whenUnsatisfiable: 'ScheduleAnyway' }),
      tsc({ minDomains: 2 }),
      [
        [
          '/spec/topologySpreadConstraints/0/minDomains',
          'spec.topologySpreadConstraints[0].minDomains is set, but minDomains can only be used with whenUnsatisfiable: DoNotSchedule (not ScheduleAnyway); set whenUnsatisfiable: DoNotSchedule or remove minDomains.',
        ],
      ],
    ],
    [
      'tsc nodeAffinityPolicy',
      tsc({ nodeAffinityPolicy: 'honor' }),
      tsc({ nodeAffinityPolicy: 'Honor' }),
      [
        [
          '/spec/topologySpreadConstraints/0/nodeAffinityPolicy',
          'spec.topologySpreadConstraints[0].nodeAffinityPolicy "honor" is not supported: it must be "Honor" or "Ignore"; values are case-sensitive, so write "Honor".',
        ],
      ],
    ],
    [
      'tsc nodeTaintsPolicy',
      tsc({ nodeTaintsPolicy: 'Skip' }),
      tsc({ nodeTaintsPolicy: 'Ignore' }),
      [
        [
          '/spec/topologySpreadConstraints/0/nodeTaintsPolicy',
          'spec.topologySpreadConstraints[0].nodeTaintsPolicy "Skip" is not supported: it must be "Honor" or "Ignore"; use one of them.',
        ],
      ],
    ],
    [
      'tsc matchLabelKeys no selector',
      tsc({ labelSelector: undefined, matchLabelKeys: ['pod-template-hash'] }),
      tsc({ matchLabelKeys: ['pod-template-hash'] }),
      [
        [
          '/spec/topologySpreadConstraints/0/matchLabelKeys',
          "spec.topologySpreadConstraints[0].matchLabelKeys is set, but it must not be specified when labelSelector is not set; add a labelSelector (usually the workload's Pod labels) or remove matchLabelKeys.",
        ],
      ],
    ],
    [
      'tsc matchLabelKeys in selector',
      tsc({ matchLabelKeys: ['app'] }),
      tsc({ matchLabelKeys: ['pod-template-hash'] }),
      [
        [
          '/spec/topologySpreadConstraints/0/matchLabelKeys/0',
          'spec.topologySpreadConstraints[0].matchLabelKeys[0] "app" exists in both matchLabelKeys and labelSelector; the key\'s value is taken from the Pod\'s own labels, so remove it from the labelSelector (or from matchLabelKeys).',
        ],
      ],
    ],
    [
      'tsc matchLabelKeys invalid',
      tsc({ matchLabelKeys: ['-bad'] }),
      tsc({ matchLabelKeys: ['pod-template-hash'] }),
      [
        [
          '/spec/topologySpreadConstraints/0/matchLabelKeys/0',
          "spec.topologySpreadConstraints[0].matchLabelKeys[0] \"-bad\" is not a valid label key: it must be a qualified name (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but the name part \"-bad\" does not start and end with a letter or digit; fix it.",
        ],
      ],
    ],
    [
      'tsc labelSelector',
      tsc({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] } }),
      tsc({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }),
      [
        [
          '/spec/topologySpreadConstraints/0/labelSelector/matchExpressions/0/operator',
          'spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator "Equals" is not a selector operator; use In, NotIn, Exists or DoesNotExist.',
        ],
      ],
    ],
  ]);
});

describe('dnsPolicy and dnsConfig (validateDNSPolicy, validatePodDNSConfig)', () => {
  table([
    [
      'dnsPolicy',
      { dnsPolicy: 'clusterFirst' },
      { dnsPolicy: 'ClusterFirstWithHostNet' },
      [
        [
          '/spec/dnsPolicy',
          'spec.dnsPolicy "clusterFirst" is not supported: it must be "ClusterFirstWithHostNet", "ClusterFirst", "Default" or "None"; values are case-sensitive, so write "ClusterFirst".',
        ],
      ],
    ],
    [
      'dnsPolicy other',
      { dnsPolicy: 'Cluster' },
      { dnsPolicy: '' },
      [
        [
          '/spec/dnsPolicy',
          'spec.dnsPolicy "Cluster" is not supported: it must be "ClusterFirstWithHostNet", "ClusterFirst", "Default" or "None"; use one of them.',
        ],
      ],
    ],
    [
      'dns None no config',
      { dnsPolicy: 'None' },
      { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'] } },
      [
        [
          '/spec/dnsConfig',
          'spec.dnsConfig is missing: dnsConfig must be provided when dnsPolicy is None; add dnsConfig with at least one nameserver, or use dnsPolicy: ClusterFirst.',
        ],
      ],
    ],
    [
      'dns None no nameservers',
      { dnsPolicy: 'None', dnsConfig: { searches: ['svc.cluster.local'] } },
      { dnsPolicy: 'Default', dnsConfig: { searches: ['svc.cluster.local'] } },
      [
        [
          '/spec/dnsConfig/nameservers',
          'spec.dnsConfig.nameservers is missing: at least one DNS nameserver must be provided when dnsPolicy is None; list the nameserver IPs, or use dnsPolicy: ClusterFirst.',
        ],
      ],
    ],
    [
      'nameservers > 3',
      { dnsConfig: { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9', '8.8.4.4'] } },
      { dnsConfig: { nameservers: ['1.1.1.1', '8.8.8.8', '2001:4860:4860::8888'] } },
      [
        [
          '/spec/dnsConfig/nameservers',
          'spec.dnsConfig.nameservers has 4 entries: it must not have more than 3 nameservers (the libc resolver limit); keep at most 3.',
        ],
      ],
    ],
    [
      'nameserver ip',
      { dnsConfig: { nameservers: ['dns.google'] } },
      { dnsConfig: { nameservers: ['010.0.0.10'] } },
      [
        [
          '/spec/dnsConfig/nameservers/0',
          'spec.dnsConfig.nameservers[0] "dns.google" is not a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff); nameservers are given by IP, so fix it.',
        ],
      ],
    ],
    [
      'searches > 32',
      { dnsConfig: { searches: Array.from({ length: 33 }, (_, i) => `s${i}.example.com`) } },
      { dnsConfig: { searches: Array.from({ length: 32 }, (_, i) => `s${i}.example.com`) } },
      [
        [
          '/spec/dnsConfig/searches',
          'spec.dnsConfig.searches has 33 entries: it must not have more than 32 search paths; remove some.',
        ],
      ],
    ],
    [
      'searches too long',
      {
        dnsConfig: {
          searches: Array.from(
            { length: 10 },
            (_, i) => `${String(i).padEnd(60, 'a')}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(30)}`,
          ),
        },
      },
      {
        dnsConfig: {
          searches: Array.from(
            { length: 9 },
            (_, i) => `${String(i).padEnd(60, 'a')}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(30)}`,
          ),
        },
      },
      [
        [
          '/spec/dnsConfig/searches',
          'spec.dnsConfig.searches is 2199 characters long (joined with spaces): it must not have more than 2048 characters in the search list; shorten or remove search paths.',
        ],
      ],
    ],
    [
      'search invalid',
      { dnsConfig: { searches: ['_tcp.example.com'] } },
      { dnsConfig: { searches: ['example.com.'] } },
      [
        [
          '/spec/dnsConfig/searches/0',
          "spec.dnsConfig.searches[0] \"_tcp.example.com\" is not a valid search domain: it must be a lowercase RFC 1123 subdomain (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit), optionally with one trailing '.'; fix it.",
        ],
      ],
    ],
    [
      'options name',
      { dnsConfig: { options: [{ value: '2' }] } },
      { dnsConfig: { options: [{ name: 'ndots', value: '2' }] } },
      [
        [
          '/spec/dnsConfig/options/0/name',
          'spec.dnsConfig.options[0].name is missing: every DNS option needs a name (e.g. ndots); add it or remove the option.',
        ],
      ],
    ],
  ]);
});

describe('securityContext (validatePodSpecSecurityContext, ValidateSecurityContext)', () => {
  table([
    [
      'pod runAsUser',
      { securityContext: { runAsUser: -1 } },
      { securityContext: { runAsUser: 0 } },
      [
        [
          '/spec/securityContext/runAsUser',
          'spec.securityContext.runAsUser is -1: it must be between 0 and 2147483647, inclusive; use a non-negative ID (0 is root).',
        ],
      ],
    ],
    [
      'pod runAsGroup',
      { securityContext: { runAsGroup: 2147483648 } },
      { securityContext: { runAsGroup: 2147483647 } },
      [
        [
          '/spec/securityContext/runAsGroup',
          'spec.securityContext.runAsGroup is 2147483648: it must be between 0 and 2147483647, inclusive; use a non-negative ID (0 is root).',
        ],
      ],
    ],
    [
      'pod fsGroup',
      { securityContext: { fsGroup: -5 } },
      { securityContext: { fsGroup: 2000 } },
      [
        [
          '/spec/securityContext/fsGroup',
          'spec.securityContext.fsGroup is -5: it must be between 0 and 2147483647, inclusive; use a non-negative ID (0 is root).',
        ],
      ],
    ],
    [
      'pod supplementalGroups',
      { securityContext: { supplementalGroups: [1000, -1] } },
      { securityContext: { supplementalGroups: [1000, 2000] } },
      [
        [
          '/spec/securityContext/supplementalGroups/1',
          'spec.securityContext.supplementalGroups[1] is -1: it must be between 0 and 2147483647, inclusive; use a non-negative ID (0 is root).',
        ],
      ],
    ],
    [
      'fsGroupChangePolicy',
      { securityContext: { fsGroupChangePolicy: 'onRootMismatch' } },
      { securityContext: { fsGroupChangePolicy: 'OnRootMismatch' } },
      [
        [
          '/spec/securityContext/fsGroupChangePolicy',
          'spec.securityContext.fsGroupChangePolicy "onRootMismatch" is not supported: it must be "Always" or "OnRootMismatch"; values are case-sensitive, so write "OnRootMismatch".',
        ],
      ],
    ],
    [
      'shareProcessNamespace hostPID',
      { shareProcessNamespace: true, hostPID: true },
      { shareProcessNamespace: true },
      [
        [
          '/spec/shareProcessNamespace',
          'spec.shareProcessNamespace is true together with hostPID: true; ShareProcessNamespace and HostPID cannot both be enabled, so remove one.',
        ],
      ],
    ],
    [
      'sysctl invalid',
      { securityContext: { sysctls: [{ name: 'net.core.*', value: '1' }] } },
      { securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } },
      [
        [
          '/spec/securityContext/sysctls/0/name',
          "spec.securityContext.sysctls[0].name \"net.core.*\" is not a valid sysctl name: it must have at most 253 characters, segments of lower-case letters, digits, '-' and '_' (starting and ending with a letter or digit) joined by '.' or '/'; fix it (no wildcards).",
        ],
      ],
    ],
    [
      'sysctl missing name',
      { securityContext: { sysctls: [{ value: '1' }] } },
      { securityContext: { sysctls: [{ name: 'net/ipv4/ip_local_port_range', value: '1024 65535' }] } },
      [
        [
          '/spec/securityContext/sysctls/0/name',
          'spec.securityContext.sysctls[0].name is missing: every sysctl needs a name (e.g. net.core.somaxconn); add it.',
        ],
      ],
    ],
    [
      'sysctl duplicate',
      {
        securityContext: {
          sysctls: [
            { name: 'kernel.shm_rmid_forced', value: '1' },
            { name: 'kernel.shm_rmid_forced', value: '0' },
          ],
        },
      },
      { securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] } },
      [
        [
          '/spec/securityContext/sysctls/1/name',
          'spec.securityContext.sysctls[1].name "kernel.shm_rmid_forced" is set twice: each sysctl may appear once; remove the duplicate.',
        ],
      ],
    ],
    [
      'sysctl hostNetwork',
      { hostNetwork: true, securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } },
      { hostNetwork: true, securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] } },
      [
        [
          '/spec/securityContext/sysctls/0/name',
          'spec.securityContext.sysctls[0].name "net.core.somaxconn" is a network-namespaced sysctl, which may not be specified when hostNetwork is true (it would change the node\'s network stack); remove the sysctl or hostNetwork.',
        ],
      ],
    ],
    [
      'sysctl hostIPC',
      { hostIPC: true, securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } },
      { hostIPC: true, securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } },
      [
        [
          '/spec/securityContext/sysctls/0/name',
          'spec.securityContext.sysctls[0].name "kernel.msgmax" is an IPC-namespaced sysctl, which may not be specified when hostIPC is true; remove the sysctl or hostIPC.',
        ],
      ],
    ],
    [
      'seccomp type',
      { securityContext: { seccompProfile: { type: 'Default' } } },
      { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      [
        [
          '/spec/securityContext/seccompProfile/type',
          'spec.securityContext.seccompProfile.type "Default" is not supported: it must be "Localhost", "RuntimeDefault" or "Unconfined"; use one of them.',
        ],
      ],
    ],
    [
      'seccomp type missing',
      { securityContext: { seccompProfile: {} } },
      { securityContext: { seccompProfile: { type: 'Unconfined' } } },
      [
        [
          '/spec/securityContext/seccompProfile/type',
          'spec.securityContext.seccompProfile.type is missing: type is required when seccompProfile is set; use "Localhost", "RuntimeDefault" or "Unconfined" (RuntimeDefault is the usual choice).',
        ],
      ],
    ],
    [
      'seccomp localhost missing',
      { securityContext: { seccompProfile: { type: 'Localhost' } } },
      { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } } },
      [
        [
          '/spec/securityContext/seccompProfile/localhostProfile',
          'spec.securityContext.seccompProfile.localhostProfile is missing: it must be set when seccomp type is Localhost; give the profile path relative to the kubelet seccomp directory.',
        ],
      ],
    ],
    [
      'seccomp localhost abs',
      {
        securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: '/var/lib/kubelet/seccomp/a.json' } },
      },
      { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'a.json' } } },
      [
        [
          '/spec/securityContext/seccompProfile/localhostProfile',
          "spec.securityContext.seccompProfile.localhostProfile \"/var/lib/kubelet/seccomp/a.json\" must be a relative path (relative to the kubelet's seccomp profile directory); drop the leading '/'.",
        ],
      ],
    ],
    [
      'seccomp localhost ..',
      { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: '../a.json' } } },
      { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'x..y/a.json' } } },
      [
        [
          '/spec/securityContext/seccompProfile/localhostProfile',
          'spec.securityContext.seccompProfile.localhostProfile "../a.json" must not contain \'..\'; give a path inside the profile directory.',
        ],
      ],
    ],
    [
      'seccomp localhostProfile with RuntimeDefault',
      c({ seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'a.json' } }),
      c({ seccompProfile: { type: 'RuntimeDefault' } }),
      [
        [
          '/spec/containers/0/securityContext/seccompProfile/localhostProfile',
          'spec.containers[0].securityContext.seccompProfile.localhostProfile can only be set when seccomp type is Localhost (it is RuntimeDefault); remove it or set type: Localhost.',
        ],
      ],
    ],
    [
      'apparmor type',
      { securityContext: { appArmorProfile: { type: 'runtime/default' } } },
      { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } },
      [
        [
          '/spec/securityContext/appArmorProfile/type',
          'spec.securityContext.appArmorProfile.type "runtime/default" is not supported: it must be "Localhost", "RuntimeDefault" or "Unconfined"; use one of them.',
        ],
      ],
    ],
    [
      'apparmor localhost',
      c({ appArmorProfile: { type: 'Localhost' } }),
      c({ appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-apparmor-example' } }),
      [
        [
          '/spec/containers/0/securityContext/appArmorProfile/localhostProfile',
          'spec.containers[0].securityContext.appArmorProfile.localhostProfile is missing: it must be set when AppArmor type is Localhost; name the profile loaded on the node.',
        ],
      ],
    ],
    [
      'apparmor localhost on unconfined',
      c({ appArmorProfile: { type: 'Unconfined', localhostProfile: 'x' } }),
      c({ appArmorProfile: { type: 'Unconfined' } }),
      [
        [
          '/spec/containers/0/securityContext/appArmorProfile/localhostProfile',
          'spec.containers[0].securityContext.appArmorProfile.localhostProfile can only be set when AppArmor type is Localhost (it is Unconfined); remove it or set type: Localhost.',
        ],
      ],
    ],
    [
      'apparmor type missing',
      c({ appArmorProfile: {} }),
      c({ appArmorProfile: { type: 'RuntimeDefault' } }),
      [
        [
          '/spec/containers/0/securityContext/appArmorProfile/type',
          'spec.containers[0].securityContext.appArmorProfile.type is missing: type is required when appArmorProfile is set; use "Localhost", "RuntimeDefault" or "Unconfined".',
        ],
      ],
    ],
    [
      'container runAsUser',
      c({ runAsUser: -1 }),
      c({ runAsUser: 1000 }),
      [
        [
          '/spec/containers/0/securityContext/runAsUser',
          'spec.containers[0].securityContext.runAsUser is -1: it must be between 0 and 2147483647, inclusive; use a non-negative ID (0 is root).',
        ],
      ],
    ],
    [
      'init container runAsGroup',
      { initContainers: [{ name: 'init', image: 'x', securityContext: { runAsGroup: -1 } }] },
      { initContainers: [{ name: 'init', image: 'x', securityContext: { runAsGroup: 3000 } }] },
      [
        [
          '/spec/initContainers/0/securityContext/runAsGroup',
          'spec.initContainers[0].securityContext.runAsGroup is -1: it must be between 0 and 2147483647, inclusive; use a non-negative ID (0 is root).',
        ],
      ],
    ],
    [
      'privileged + no escalation',
      c({ privileged: true, allowPrivilegeEscalation: false }),
      c({ privileged: true, allowPrivilegeEscalation: true }),
      [
        [
          '/spec/containers/0/securityContext',
          'spec.containers[0].securityContext cannot set `allowPrivilegeEscalation` to false and `privileged` to true (a privileged container can always escalate); remove one of them.',
        ],
      ],
    ],
    [
      'CAP_SYS_ADMIN + no escalation',
      c({ allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } }),
      c({ allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } }),
      [
        [
          '/spec/containers/0/securityContext',
          'spec.containers[0].securityContext cannot set `allowPrivilegeEscalation` to false and `capabilities.add` CAP_SYS_ADMIN (CAP_SYS_ADMIN allows escalation); remove one of them.',
        ],
      ],
    ],
  ]);
});

describe('other PodSpec fields (ValidatePodSpec)', () => {
  table([
    [
      'activeDeadlineSeconds 0',
      { activeDeadlineSeconds: 0 },
      { activeDeadlineSeconds: 3600 },
      [
        [
          '/spec/activeDeadlineSeconds',
          'spec.activeDeadlineSeconds is 0: it must be between 1 and 2147483647, inclusive; set a positive number of seconds or remove it.',
        ],
      ],
    ],
    [
      'hostname',
      { hostname: 'Worker_0' },
      { hostname: 'worker-0' },
      [
        [
          '/spec/hostname',
          'spec.hostname "Worker_0" is not valid: it must be a lowercase RFC 1123 label (at most 63 characters: lower-case letters, digits and \'-\', starting and ending with a letter or digit); fix the hostname.',
        ],
      ],
    ],
    [
      'subdomain',
      { subdomain: 'vllm.headless' },
      { subdomain: 'vllm-headless' },
      [
        [
          '/spec/subdomain',
          'spec.subdomain "vllm.headless" is not valid: it must be a lowercase RFC 1123 label (at most 63 characters: lower-case letters, digits and \'-\', starting and ending with a letter or digit); use the name of the headless Service.',
        ],
      ],
    ],
    [
      'priorityClassName',
      { priorityClassName: 'High_Priority' },
      { priorityClassName: 'high-priority' },
      [
        [
          '/spec/priorityClassName',
          "spec.priorityClassName \"High_Priority\" is not valid: it must be a lowercase RFC 1123 subdomain (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); name an existing PriorityClass.",
        ],
      ],
    ],
    [
      'runtimeClassName',
      { runtimeClassName: 'gVisor' },
      { runtimeClassName: 'gvisor' },
      [
        [
          '/spec/runtimeClassName',
          "spec.runtimeClassName \"gVisor\" is not valid: it must be a lowercase RFC 1123 subdomain (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); name an existing RuntimeClass.",
        ],
      ],
    ],
    [
      'serviceAccountName',
      { serviceAccountName: 'vllm_sa' },
      { serviceAccountName: 'vllm-sa' },
      [
        [
          '/spec/serviceAccountName',
          "spec.serviceAccountName \"vllm_sa\" is not valid: it must be a lowercase RFC 1123 subdomain (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); name an existing ServiceAccount.",
        ],
      ],
    ],
    [
      'nodeName',
      { nodeName: 'Node 1' },
      { nodeName: 'gke-node-1' },
      [
        [
          '/spec/nodeName',
          "spec.nodeName \"Node 1\" is not valid: it must be a lowercase RFC 1123 subdomain (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); name an existing node, or use a nodeSelector.",
        ],
      ],
    ],
    [
      'preemptionPolicy',
      { preemptionPolicy: 'Preempt' },
      { preemptionPolicy: 'Never' },
      [
        [
          '/spec/preemptionPolicy',
          'spec.preemptionPolicy "Preempt" is not supported: it must be "PreemptLowerPriority" or "Never"; use one of them.',
        ],
      ],
    ],
    [
      'hostAliases ip',
      { hostAliases: [{ ip: '10.0.0.300', hostnames: ['foo.local'] }] },
      { hostAliases: [{ ip: '10.0.0.3', hostnames: ['foo.local'] }] },
      [
        [
          '/spec/hostAliases/0/ip',
          'spec.hostAliases[0].ip "10.0.0.300" is not a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff); fix it.',
        ],
      ],
    ],
    [
      'hostAliases hostname',
      { hostAliases: [{ ip: '10.0.0.3', hostnames: ['Foo_Local'] }] },
      { hostAliases: [{ ip: '::1', hostnames: ['foo'] }] },
      [
        [
          '/spec/hostAliases/0/hostnames/0',
          "spec.hostAliases[0].hostnames[0] \"Foo_Local\" is not valid: it must be a lowercase RFC 1123 subdomain (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); fix the hostname.",
        ],
      ],
    ],
    [
      'readinessGates',
      { readinessGates: [{ conditionType: 'example.com/feature 1' }] },
      { readinessGates: [{ conditionType: 'example.com/feature-1' }] },
      [
        [
          '/spec/readinessGates/0/conditionType',
          "spec.readinessGates[0].conditionType \"example.com/feature 1\" is not a valid condition type: it must be a qualified name (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but the name part \"feature 1\" contains \" \"; fix it.",
        ],
      ],
    ],
    [
      'schedulingGates invalid',
      { schedulingGates: [{ name: 'example.com/' }] },
      { schedulingGates: [{ name: 'example.com/gate' }] },
      [
        [
          '/spec/schedulingGates/0/name',
          "spec.schedulingGates[0].name \"example.com/\" is not a valid scheduling gate name: it must be a qualified name (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but the name part is empty; fix it.",
        ],
      ],
    ],
    [
      'schedulingGates duplicate',
      { schedulingGates: [{ name: 'a' }, { name: 'a' }] },
      { schedulingGates: [{ name: 'a' }, { name: 'b' }] },
      [
        [
          '/spec/schedulingGates/1/name',
          'spec.schedulingGates[1].name "a" repeats schedulingGates[0]: scheduling gates must be unique; remove the duplicate.',
        ],
      ],
    ],
    [
      'os',
      { os: { name: 'Linux' } },
      { os: { name: 'linux' } },
      [
        [
          '/spec/os/name',
          'spec.os.name "Linux" is not supported: it must be "linux" or "windows"; values are case-sensitive, so write "linux".',
        ],
      ],
    ],
    [
      'os missing name',
      { os: {} },
      { os: { name: 'windows' } },
      [['/spec/os/name', 'spec.os.name is missing: the OS name must be "linux" or "windows"; set it or remove os.']],
    ],
  ]);
});

describe('whole pod specs', () => {
  it('gives no finding for a realistic TPU serving pod spec', () => {
    const restricted = {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const spec: O = {
      serviceAccountName: 'vllm',
      priorityClassName: 'inference-high',
      terminationGracePeriodSeconds: 120,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        fsGroupChangePolicy: 'OnRootMismatch',
        seccompProfile: { type: 'RuntimeDefault' },
      },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'cloud.google.com/gke-tpu-accelerator', operator: 'In', values: ['tpu-v6e-slice'] },
                  { key: 'cloud.google.com/gke-tpu-topology', operator: 'In', values: ['2x4'] },
                ],
              },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 50,
              preference: { matchExpressions: [{ key: 'cloud.google.com/gke-spot', operator: 'DoesNotExist' }] },
            },
          ],
        },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                labelSelector: { matchLabels: { app: 'vllm' } },
                matchLabelKeys: ['pod-template-hash'],
                topologyKey: 'kubernetes.io/hostname',
              },
            },
          ],
        },
      },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { app: 'vllm' } },
          matchLabelKeys: ['pod-template-hash'],
          nodeTaintsPolicy: 'Honor',
        },
      ],
      tolerations: [{ key: 'google.com/tpu', operator: 'Exists', effect: 'NoSchedule' }],
      initContainers: [{ name: 'fetch-model', image: 'gcr.io/x/fetch:1', securityContext: restricted }],
      containers: [
        {
          name: 'vllm',
          image: 'vllm/vllm-tpu:v0.9.0',
          securityContext: restricted,
          resources: { limits: { 'google.com/tpu': '8' } },
        },
      ],
      dnsConfig: { options: [{ name: 'ndots', value: '2' }] },
    };
    expect(run(spec)).toEqual([]);
    expect(run(spec, {}, '/spec/template/spec')).toEqual([]);
  });

  it('gives no finding for an empty spec: omitted fields are defaulted or optional', () => {
    expect(run({})).toEqual([]);
    expect(
      run({ dnsPolicy: '', securityContext: {}, affinity: {}, containers: [{ name: 'main', securityContext: {} }] }),
    ).toEqual([]);
  });

  it('names fields from the given pointer', () => {
    expect(run({ dnsPolicy: 'Cluster' }, {}, '/spec/template/spec')).toEqual([
      [
        '/spec/template/spec/dnsPolicy',
        'spec.template.spec.dnsPolicy "Cluster" is not supported: it must be "ClusterFirstWithHostNet", "ClusterFirst", "Default" or "None"; use one of them.',
      ],
    ]);
  });

  it('in a partial template judges present values but not missing ones', () => {
    const spec: O = {
      dnsPolicy: 'None',
      topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 0 }],
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ preference: {} }] } },
      securityContext: { seccompProfile: {} },
    };
    expect(run(spec, { partial: true })).toEqual([
      [
        '/spec/topologySpreadConstraints/0/maxSkew',
        'spec.topologySpreadConstraints[0].maxSkew is 0: it must be greater than zero; set it to 1 or more.',
      ],
    ]);
    expect(run(spec).map(([path]) => path)).toEqual([
      '/spec/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight',
      '/spec/topologySpreadConstraints/0/maxSkew',
      '/spec/topologySpreadConstraints/0/whenUnsatisfiable',
      '/spec/dnsConfig',
      '/spec/securityContext/seccompProfile/type',
    ]);
  });
});
