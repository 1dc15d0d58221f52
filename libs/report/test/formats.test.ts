import { describe, expect, it } from 'vitest';
import { formatReport, type Report } from '../src/index.js';

const report: Report = {
  tool: { name: 'gitops', version: '0.1.0' },
  findings: [
    {
      rule: 'schema',
      severity: 'error',
      message: 'unknown field "replicaz" in /spec',
      hint: 'check the spelling',
      resource: {
        apiVersion: 'serving.kserve.io/v1alpha1',
        kind: 'LLMInferenceService',
        namespace: 'ns',
        name: 'qwen',
      },
      path: '/spec/replicaz',
      file: 'overlays/e/patches.yaml',
      line: 10,
      column: 3,
    },
    {
      rule: 'gke-httproute-no-timeouts',
      severity: 'error',
      message: 'route <a> & "b", 100%: rejected\nsecond line',
      resource: {
        apiVersion: 'serving.kserve.io/v1alpha1',
        kind: 'LLMInferenceService',
        namespace: 'ns',
        name: 'qwen',
      },
      path: '/spec/router/route',
      file: 'overlays/e/llm,isvc.yaml',
      line: 17,
      column: 5,
      derivedFrom: {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        namespace: 'ns',
        name: 'qwen-kserve-route',
      },
    },
    {
      rule: 'image-pinned',
      severity: 'warning',
      message: 'image nginx:latest is not pinned',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      path: '/spec/template/spec/containers/0/image',
      file: 'a.yaml',
      line: 3,
      column: 9,
      suppressed: { reason: 'mirrored nightly' },
    },
    { rule: 'render', severity: 'error', message: 'kustomize build failed: \u0007 bell' },
  ],
  summary: {
    resources: 3,
    errors: 3,
    warnings: 0,
    infos: 0,
    suppressed: 1,
    targets: 1,
    renderUnits: 1,
    durationMs: 5,
    skippedRules: [{ rule: 'tpu-capacity', reason: 'needs a cluster spec' }],
    skippedResources: [],
  },
  rules: [
    { id: 'schema', summary: 'schema mismatch', severity: 'error' },
    { id: 'gke-httproute-no-timeouts', summary: 'no timeouts on GKE', severity: 'error', docs: 'why' },
    { id: 'image-pinned', summary: 'pinned images', severity: 'warning' },
    { id: 'render', summary: 'render failure', severity: 'error' },
  ],
};

describe('formats', () => {
  it('json keeps the documented contract', () => {
    const doc = JSON.parse(formatReport(report, 'json'));
    expect(Object.keys(doc)).toEqual(['summary', 'findings']);
    expect(doc.summary).toMatchObject({
      resources: 3,
      errors: 3,
      warnings: 0,
      suppressed: 1,
      skippedRules: [{ rule: 'tpu-capacity', reason: 'needs a cluster spec' }],
    });
    expect(doc.findings[0]).toEqual({
      rule: 'schema',
      severity: 'error',
      message: 'unknown field "replicaz" in /spec',
      hint: 'check the spelling',
      resource: {
        apiVersion: 'serving.kserve.io/v1alpha1',
        kind: 'LLMInferenceService',
        namespace: 'ns',
        name: 'qwen',
      },
      path: '/spec/replicaz',
      file: 'overlays/e/patches.yaml',
      line: 10,
      column: 3,
    });
    expect(doc.findings[1].derivedFrom).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      namespace: 'ns',
      name: 'qwen-kserve-route',
    });
    expect(doc.findings[2].suppressed).toEqual({ reason: 'mirrored nightly' });
    expect(doc.findings[3]).toMatchObject({ resource: null, file: null, line: null, path: '' });
  });

  it('text groups by file, shows hints, derived objects and suppressions, and no colour unless asked', () => {
    const text = formatReport(report, 'text');
    expect(text).toContain(
      'overlays/e/patches.yaml\n  10:3     error    schema  unknown field "replicaz" in /spec\n           LLMInferenceService ns/qwen at /spec/replicaz\n           hint: check the spelling\n',
    );
    expect(text).toContain('derived from HTTPRoute ns/qwen-kserve-route');
    expect(text).toContain('suppressed: mirrored nightly');
    expect(text).toContain('(no file)\n');
    expect(text).toContain('skipped rule tpu-capacity: needs a cluster spec');
    expect(text.trimEnd().split('\n').pop()).toBe(
      'FAIL: 3 resources in 1 render units, 3 errors, 0 warnings, 1 suppressed',
    );
    expect(text).not.toContain('\x1b[');
    expect(formatReport(report, 'text', { color: true })).toContain('\x1b[31merror\x1b[0m');
  });

  it('github escapes properties and data, and leaves suppressed findings out', () => {
    const lines = formatReport(report, 'github').trimEnd().split('\n');
    expect(lines[0]).toBe(
      '::error file=overlays/e/patches.yaml,line=10,col=3,title=schema::unknown field "replicaz" in /spec%0Acheck the spelling',
    );
    expect(lines[1]).toBe(
      '::error file=overlays/e/llm%2Cisvc.yaml,line=17,col=5,title=gke-httproute-no-timeouts::route <a> & "b", 100%25: rejected%0Asecond line',
    );
    expect(lines[2]).toBe('::error title=render::kustomize build failed: \u0007 bell');
    expect(lines[3]).toBe('::notice title=gitops validate::3 resources, 3 errors, 0 warnings');
  });

  it('junit is escaped XML with failures for errors only', () => {
    const xml = formatReport(report, 'junit');
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gitops validate" tests="4" failures="3">',
      ),
    ).toBe(true);
    expect(xml).toContain(
      '<failure message="route &lt;a&gt; &amp; &quot;b&quot;, 100%: rejected\nsecond line" type="gke-httproute-no-timeouts">',
    );
    expect(xml).toContain(
      '<system-out>a.yaml:3:9 warning image-pinned: image nginx:latest is not pinned (/spec/template/spec/containers/0/image)\nsuppressed: mirrored nightly</system-out>',
    );
    expect(xml).not.toContain('\u0007');
  });

  it('junit has one passing test case per resource of a clean run', () => {
    const clean: Report = {
      ...report,
      findings: [],
      summary: { ...report.summary, resources: 2, errors: 0, suppressed: 0, skippedRules: [] },
      rules: [],
      resources: [
        { apiVersion: 'v1', kind: 'Namespace', name: 'ns', file: 'overlays/e/namespace.yaml' },
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'ns', name: 'web', file: 'overlays/e/deployment.yaml' },
      ],
    };
    expect(formatReport(clean, 'junit')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="gitops validate" tests="2" failures="0">',
        '  <testsuite name="overlays/e/deployment.yaml" tests="1" failures="0" errors="0">',
        '    <testcase classname="overlays/e/deployment.yaml" name="Deployment ns/web"/>',
        '  </testsuite>',
        '  <testsuite name="overlays/e/namespace.yaml" tests="1" failures="0" errors="0">',
        '    <testcase classname="overlays/e/namespace.yaml" name="Namespace ns"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
    expect(formatReport({ ...clean, resources: [] }, 'junit')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gitops validate" tests="0" failures="0">\n</testsuites>\n',
    );
  });

  it('junit fails the test case of a resource with errors, wherever the finding is located, and keeps findings on no resource as cases of their own', () => {
    const withResources: Report = {
      ...report,
      resources: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', file: 'a.yaml', findings: [2] },
        { apiVersion: 'v1', kind: 'Service', namespace: 'ns', name: 'web', file: 'a.yaml' },
        {
          apiVersion: 'serving.kserve.io/v1alpha1',
          kind: 'LLMInferenceService',
          namespace: 'ns',
          name: 'qwen',
          file: 'overlays/e/llm,isvc.yaml',
          findings: [0, 1],
        },
        {
          apiVersion: 'inference.networking.k8s.io/v1',
          kind: 'InferencePool',
          namespace: 'ns',
          name: 'qwen',
          file: 'overlays/e/llm,isvc.yaml',
        },
        {
          apiVersion: 'inference.networking.x-k8s.io/v1alpha2',
          kind: 'InferencePool',
          namespace: 'ns',
          name: 'qwen',
          file: 'overlays/e/llm,isvc.yaml',
        },
      ],
    };
    expect(formatReport(withResources, 'junit')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="gitops validate" tests="6" failures="2">',
        '  <testsuite name="a.yaml" tests="2" failures="0" errors="0">',
        '    <testcase classname="a.yaml" name="Deployment web">',
        '      <system-out>a.yaml:3:9 warning image-pinned: image nginx:latest is not pinned (/spec/template/spec/containers/0/image)',
        'suppressed: mirrored nightly</system-out>',
        '    </testcase>',
        '    <testcase classname="a.yaml" name="Service ns/web"/>',
        '  </testsuite>',
        '  <testsuite name="overlays/e/llm,isvc.yaml" tests="3" failures="1" errors="0">',
        '    <testcase classname="overlays/e/llm,isvc.yaml" name="LLMInferenceService ns/qwen">',
        '      <failure message="unknown field &quot;replicaz&quot; in /spec" type="schema">overlays/e/patches.yaml:10:3 error schema: unknown field &quot;replicaz&quot; in /spec (/spec/replicaz)',
        'hint: check the spelling</failure>',
        '      <failure message="route &lt;a&gt; &amp; &quot;b&quot;, 100%: rejected',
        'second line" type="gke-httproute-no-timeouts">overlays/e/llm,isvc.yaml:17:5 error gke-httproute-no-timeouts: route &lt;a&gt; &amp; &quot;b&quot;, 100%: rejected',
        'second line (/spec/router/route)</failure>',
        '    </testcase>',
        '    <testcase classname="overlays/e/llm,isvc.yaml" name="InferencePool ns/qwen"/>',
        '    <testcase classname="overlays/e/llm,isvc.yaml" name="InferencePool ns/qwen (inference.networking.x-k8s.io/v1alpha2)"/>',
        '  </testsuite>',
        '  <testsuite name="(no file)" tests="1" failures="1" errors="0">',
        '    <testcase classname="(no file)" name="(no file)">',
        '      <failure message="kustomize build failed:  bell" type="render">error render: kustomize build failed:  bell</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('json leaves the resource list out', () => {
    const withResources: Report = {
      ...report,
      resources: [{ apiVersion: 'v1', kind: 'Service', namespace: 'ns', name: 'web', file: 'a.yaml' }],
    };
    expect(formatReport(withResources, 'json')).toBe(formatReport(report, 'json'));
    expect(Object.keys(JSON.parse(formatReport(withResources, 'json')))).toEqual(['summary', 'findings']);
  });

  it('sarif carries rules, regions and in-source suppressions', () => {
    const log = JSON.parse(formatReport(report, 'sarif'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'schema',
      'gke-httproute-no-timeouts',
      'image-pinned',
      'render',
    ]);
    expect(log.runs[0].results[0]).toMatchObject({
      ruleId: 'schema',
      ruleIndex: 0,
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'overlays/e/patches.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 10, startColumn: 3 },
          },
        },
      ],
    });
    expect(log.runs[0].results[2]).toMatchObject({
      level: 'warning',
      suppressions: [{ kind: 'inSource', justification: 'mirrored nightly' }],
    });
    expect(log.runs[0].results[3].locations).toBeUndefined();
  });
});

describe('sarif against the official SARIF 2.1.0 schema', () => {
  it('validates', async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const { Ajv } = await import('ajv');
    const addFormats = (await import('ajv-formats')).default;
    const file = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    // The official schema is draft-04: its `id` is `$id` in the draft ajv speaks.
    const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(file, 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile({ ...schema, $id: id });
    const ok = validate(JSON.parse(formatReport(report, 'sarif')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // and the schema does reject a broken log (the check is not vacuous)
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
  });
});

describe('the upgrade rehearsal section', () => {
  const rehearsal: Report = {
    ...report,
    findings: [],
    summary: { ...report.summary, errors: 0, warnings: 0 },
    rehearsal: {
      platform: 'gke-kserve-0.20',
      versions: ['cluster c: kserve odh-v3.4-EA1 -> v0.20.0'],
      generated: [
        { cluster: 'c', files: ['clusters/c/argocd/apps/kserve.yaml'], errors: 0, warnings: 1 },
        { cluster: 'd', files: [], errors: 0, warnings: 0 },
        { cluster: 'e', files: [], errors: 2, warnings: 0, specErrors: true },
      ],
      endpoints: [
        {
          resource: 'LLMInferenceService ns/qwen (KServe odh-v3.4-EA1 -> v0.20.0)',
          file: 'overlays/e/llminferenceservice.yaml',
          line: 2,
          changes: ['scheduler image: a -> b'],
          diff: '-x: 1\n+x: 2',
        },
      ],
    },
  };

  it('says in text what changes, what generate would write and what each endpoint runs differently', () => {
    expect(formatReport(rehearsal, 'text', { color: false })).toContain(
      [
        'upgrade rehearsal on platform gke-kserve-0.20:',
        '  cluster c: kserve odh-v3.4-EA1 -> v0.20.0',
        '  cluster c: `gitops generate` would rewrite 1 file(s) for gke-kserve-0.20 (0 errors, 1 warnings there): clusters/c/argocd/apps/kserve.yaml',
        '  cluster d: `gitops generate` would write the same tree for gke-kserve-0.20',
        '  cluster e: its spec needs changes before `gitops generate` can write a tree for gke-kserve-0.20 (2 errors, listed above)',
        '  LLMInferenceService ns/qwen (KServe odh-v3.4-EA1 -> v0.20.0) (overlays/e/llminferenceservice.yaml:2) would run differently:',
        '    scheduler image: a -> b',
        '    -x: 1',
        '    +x: 2',
        '',
      ].join('\n'),
    );
  });

  it('keeps it whole in JSON', () => {
    expect(JSON.parse(formatReport(rehearsal, 'json')).rehearsal).toEqual(rehearsal.rehearsal);
  });
});
