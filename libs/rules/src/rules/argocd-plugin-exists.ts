import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { configManagementPlugins } from '../model/argocd.js';
import { appSources, finding, obj } from './shared/util.js';

export const rule: Rule = {
  id: 'argocd-plugin-exists',
  severity: 'error',
  summary:
    'An Application that renders through a config management plugin names one the tree configures, with its version.',
  docs: {
    why:
      'Argo CD names a versioned plugin `<name>-<version>` (ConfigManagementPlugin spec.version): an ' +
      'Application that says `plugin: {name: gitops-validate}` while the plugin declares version v1 ' +
      'matches no plugin, and its manifests never render (ComparisonError). Every gated (prod) Application ' +
      'of the tree fails that way at once.',
    fix:
      'Set source.plugin.name to `<metadata.name>-<spec.version>` of the ConfigManagementPlugin (or drop ' +
      'the version from the plugin), and keep the plugin ConfigMap in the tree ' +
      '(overlays/bases/argocd-config).',
    source:
      '[doc] Argo CD config management plugins ("the plugin name is <name>-<version> when a version is set"); this repository\'s generated argocd-config base.',
  },
  kinds: ['Application', 'ConfigMap'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const plugins = configManagementPlugins(ctx.resources);
    // Judge only when the set can know: it configures plugins, or it is a whole cluster of this repository.
    if (plugins.length === 0 && !ctx.spec) return out;
    const names = plugins.map((p) => p.name);
    for (const app of ctx.byKind('Application', 'argoproj.io')) {
      for (const { source, path } of appSources(app)) {
        const plugin = obj(source.plugin);
        const wanted = plugin?.name;
        if (typeof wanted !== 'string') continue; // discovery by files: not decidable here
        if (names.includes(wanted)) continue;
        const near = names.find((n) => n.startsWith(`${wanted}-`) || wanted.startsWith(`${n}-`));
        out.push(
          finding(
            app,
            `${path}/plugin/name`,
            `Application ${app.name} renders through plugin "${wanted}", which the tree does not configure (${names.length ? `configured: ${names.join(', ')}` : 'no ConfigManagementPlugin in the set'}); Argo CD cannot render it`,
            near
              ? `Use "${near}": Argo CD names a plugin with spec.version "<name>-<version>".`
              : 'Add the plugin ConfigMap (overlays/bases/argocd-config) or fix the name.',
          ),
        );
      }
    }
    return out;
  },
};
