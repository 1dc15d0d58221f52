import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { configManagementPlugins } from '../model/argocd.js';
import { finding } from './shared/util.js';

export const rule: Rule = {
  id: 'argocd-plugin-discovery',
  severity: 'error',
  summary:
    'A config management plugin the tree installs has no `discover` section: it renders only the Applications that name it.',
  docs: {
    why:
      "Argo CD tries every sidecar plugin's discovery on an Application that names no plugin, before its " +
      'own kustomize or Helm: a plugin that discovers `./kustomization.yaml` takes over every kustomize ' +
      "Application of that Argo CD, other teams' included, and renders them its own way (here: validates " +
      "them against this repository's rules, and refuses what they never had to pass).",
    fix:
      'Remove `spec.discover` from the ConfigManagementPlugin and name the plugin in the Applications that ' +
      'should use it (`source.plugin.name: <name>-<version>`), as the generated gated Applications do.',
    source:
      '[doc] Argo CD operator manual, Config Management Plugins ("if the discovery config is omitted then ' +
      'the plugin will not match any application but can still be invoked explicitly by specifying the ' +
      'plugin name in the app spec"); issue #21.',
  },
  kinds: ['ConfigMap'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const plugin of configManagementPlugins(ctx.resources)) {
      if (plugin.discover === undefined) continue;
      out.push(
        finding(
          plugin.configMap,
          `/data/${plugin.key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          `ConfigManagementPlugin ${plugin.name} (in ConfigMap ${plugin.configMap.name}, key ${plugin.key}) discovers Applications by their files: Argo CD would render every matching Application of the instance through it, not only those that name it`,
          'Remove spec.discover; Applications that want the plugin name it in source.plugin.name.',
        ),
      );
    }
    return out;
  },
};
