import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { appSources, finding, obj, syncWave } from './shared/util.js';
import { APPLICATION_HEALTH_KEY, configuresApplicationHealth } from '../model/argocd.js';

/** What an Application provides, judged by its sources, and what the kinds it renders need. */
const PROVIDERS: Array<{ what: string; re: RegExp }> = [
  { what: 'LeaderWorkerSet CRD', re: /kubernetes-sigs\/lws/ },
  { what: 'InferencePool CRDs', re: /gateway-api-inference-extension/ },
  { what: 'KServe controller', re: /kserve/ },
  { what: 'cert-manager', re: /jetstack|cert-manager/ },
];

export const rule: Rule = {
  id: 'argocd-sync-order',
  severity: 'error',
  summary: 'CRDs and controllers sync in earlier waves than the resources that need them.',
  docs: {
    why:
      'An LLMInferenceService synced before the KServe and LWS CRDs fails the dry run ("no matches for ' +
      'kind"); presets applied before the controller is up are blocked by its webhooks (seed X-3a-c, NG-7).',
    fix: `Give CRD Applications (LWS, Inference Extension) and controllers (cert-manager, KServe) lower argocd.argoproj.io/sync-wave values than the gateway and endpoint Applications; inside one Application, CRDs before their CRs. Waves between child Applications only wait when argocd-cm defines ${APPLICATION_HEALTH_KEY} (Argo CD 1.8 removed the built-in Application health): keep argocd-cm in the tree (overlays/bases/argocd-config).`,
    source:
      'seed X-3, NG-7; [doc] Argo CD sync waves; [doc] Argo CD 1.7 -> 1.8 upgrade notes (Application ' +
      'health assessment removed, restore it with a resource customization); domain-facts 6 (suggested ' +
      'ordering).',
  },
  kinds: ['Application', 'CustomResourceDefinition'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const apps = ctx.byKind('Application', 'argoproj.io');
    const providers = apps.filter((a) =>
      appSources(a).some(({ source }) => PROVIDERS.some((p) => p.re.test(String(source.repoURL ?? '')))),
    );
    const consumers = apps.filter(
      (a) =>
        !providers.includes(a) && appSources(a).some(({ source }) => /endpoints\//.test(String(source.path ?? ''))),
    );
    for (const consumer of consumers) {
      for (const provider of providers) {
        if (syncWave(provider) >= syncWave(consumer))
          out.push(
            finding(
              consumer,
              '/metadata/annotations',
              `Application ${consumer.name} (wave ${syncWave(consumer)}) syncs model endpoints no later than ${provider.name} (wave ${syncWave(provider)}), which provides what they need`,
              `Give ${consumer.name} a higher argocd.argoproj.io/sync-wave than ${provider.name}.`,
            ),
          );
      }
    }
    // Waves between Applications wait on each child's health; without argocd-cm's Application health
    // check every child reports Healthy at once and all of them sync together.
    const waves = [...new Set(apps.map(syncWave))].sort((a, b) => a - b);
    if (waves.length > 1 && ctx.spec && configuresApplicationHealth(ctx.resources) !== true) {
      const waiting = apps.filter((a) => syncWave(a) > waves[0]!).sort((a, b) => a.name.localeCompare(b.name))[0]!;
      out.push(
        finding(
          waiting,
          '/metadata/annotations/argocd.argoproj.io~1sync-wave',
          `Applications sync in waves ${waves.join(', ')}, but the tree does not configure Application health (${APPLICATION_HEALTH_KEY} in argocd-cm): every child Application counts as healthy at once, so ${waiting.name} and the others sync together and converge only through retries`,
          'Add argocd-cm with the Application health customization to the tree (the generator puts it in ' +
            'overlays/bases/argocd-config), or configure it in your Argo CD installation and suppress this ' +
            'finding.',
        ),
      );
    }
    // Inside one rendered set: a CRD must not come in a later wave than its custom resources.
    for (const crd of ctx.byKind('CustomResourceDefinition')) {
      const spec = obj(crd.object.spec);
      const group = String(spec?.group ?? '');
      const kind = String(obj(spec?.names)?.kind ?? '');
      for (const cr of ctx.resources.filter((r) => r.kind === kind && r.apiVersion.startsWith(`${group}/`))) {
        if (syncWave(cr) <= syncWave(crd) && (crd.unit === cr.unit || crd.unit === undefined))
          out.push(
            finding(
              cr,
              '/metadata/annotations',
              `${cr.kind} ${cr.name} syncs in wave ${syncWave(cr)}, not after its CRD ${crd.name} (wave ${syncWave(crd)})`,
              'Give the custom resource a higher sync wave than its CRD.',
            ),
          );
      }
    }
    return out;
  },
};
