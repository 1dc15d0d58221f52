import { it } from 'vitest';
import { parse, plan } from '@bufbuild/cel';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { env } from '../src/cel/env.js';
import { compileRe2 } from '../src/cel/lib-regex.js';
it('prof', () => {
  const rules: string[] = [];
  const walk = (s: any) => { if (!s || typeof s !== 'object') return; for (const r of s['x-kubernetes-validations'] ?? []) rules.push(r.rule); for (const v of Object.values(s.properties ?? {})) walk(v); walk(s.items); if (typeof s.additionalProperties === 'object') walk(s.additionalProperties); };
  for (const doc of parseAllDocuments(readFileSync('/work/shared/crds/kserve/serving.kserve.io_llminferenceservices.yaml', 'utf8'))) for (const v of doc.toJS()?.spec?.versions ?? []) walk(v.schema.openAPIV3Schema);
  const uniq = [...new Set(rules)];
  let t = performance.now(); const parsed = uniq.map((r) => parse(r)); console.log('parse', uniq.length, performance.now() - t);
  const times = uniq.map((r) => { const t0 = performance.now(); parse(r); return [performance.now() - t0, r.slice(0, 60)] as const; }).sort((a, b) => b[0] - a[0]).slice(0, 3); console.log(times);
  t = performance.now(); parsed.forEach((p) => plan(env, p)); console.log('plan', performance.now() - t);
  t = performance.now(); compileRe2('^(?:[-A-Za-z0-9/._~!$&\'()*+,;=:@]|[%][0-9a-fA-F]{2})+$'); console.log('re2', performance.now() - t);
});
