// The generators' entry: bundled apart from the plugin, so building the project graph never loads the generator.
export * from './generators.js';
